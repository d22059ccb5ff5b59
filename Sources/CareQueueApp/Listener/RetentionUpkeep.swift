import CareQueueCore
import CareQueueStore
import Foundation
import Logging
import Synchronization

/// `[retention] closed_after` in a running listener: a purge at start and then once a day, one
/// chunk per upkeep beat (the write lock is ingest's too), the audit prune after the tasks. Off
/// while `closed_after` is not set.
final class RetentionUpkeep: Sendable {
    static let every: TimeInterval = 86_400
    /// After a failure (the database busy past its timeout, a broken anchor): try again this much later.
    static let retryAfter: TimeInterval = 3_600

    private struct Run {
        var before: Date
        var progress = TaskPurgeProgress()
        var total = PurgeCounts()
    }

    private struct State {
        var retention: CareQueueConfig.Retention
        var nextRunAt: Date?
        var run: Run?
        /// The last failure logged, so a lasting one is logged once.
        var problem: String?
    }

    private let state: Mutex<State>

    init(_ retention: CareQueueConfig.Retention) {
        state = Mutex(State(retention: retention))
    }

    /// A reload's `[retention]`: the next run uses it (one in progress finishes with its date).
    func adopt(_ retention: CareQueueConfig.Retention) {
        state.withLock { $0.retention = retention }
    }

    /// Does the next piece of work that is due, if any.
    func step(_ database: CareQueueDatabase, at now: Date, logger: Logger) {
        var current = state.withLock { $0 }
        guard let closedAfter = current.retention.closedAfter else { return }
        var run: Run
        if let running = current.run {
            run = running
        } else {
            guard current.nextRunAt.map({ now >= $0 }) ?? true else { return }
            run = Run(before: now.addingTimeInterval(-closedAfter))
        }
        do {
            if !run.progress.done {
                run.total += try database.purgeClosedTasks(before: run.before, at: now, by: "retention", via: "listener",
                                                           progress: &run.progress)
                current.run = run
            } else {
                let pruned = try database.pruneAudit(before: PurgeRun.auditHorizon(current.retention, at: now), at: now,
                                                     by: "retention", via: "listener")
                run.total += pruned
                current.run = pruned.auditRows == 0 ? nil : run
                if pruned.auditRows == 0 {
                    current.nextRunAt = now.addingTimeInterval(Self.every)
                    if !run.total.isEmpty { logger.notice("\(PurgeText.logLine(run.total))") }
                }
            }
            current.problem = nil
        } catch {
            // Tried again later, not at every beat.
            let problem = "\(error)"
            if problem != current.problem { logger.error("retention purge failed: \(problem)") }
            current.problem = problem
            current.run = nil
            current.nextRunAt = now.addingTimeInterval(Self.retryAfter)
        }
        let result = current
        state.withLock { stored in
            stored.nextRunAt = result.nextRunAt
            stored.run = result.run
            stored.problem = result.problem
        }
    }
}
