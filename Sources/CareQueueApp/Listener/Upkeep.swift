import CareQueueCore
import CareQueueServer
import CareQueueStore
import CareQueueTUI
import Foundation
import Logging
import Synchronization

/// Background work a running listener owes the dashboards, every few seconds: the heartbeat row,
/// the escalation sweep (coverage moves and escalations due), a chunk of retention's purge when one
/// is due, then the audit anchor for what ingest appended since the last beat. Runs on its own thread, never on an event loop or the writer thread
/// (the ACK path). The sweep uses the windows and audit key the store writer configured.
public final class Upkeep: Sendable {
    public static let interval: TimeInterval = 3

    private let database: CareQueueDatabase
    private let listener: MLLPListener
    private let clock: any TimeSource
    private let startedAt: Date
    private let thread = Mutex<RepeatingThread?>(nil)
    /// The last anchoring failure logged, so a lasting one is logged once, not every beat.
    private let anchorProblem = Mutex<String?>(nil)
    private let logger = Logger(label: "carequeue.upkeep")
    private let retention: RetentionUpkeep

    public init(database: CareQueueDatabase, listener: MLLPListener, clock: any TimeSource,
                retention: CareQueueConfig.Retention = .init()) {
        self.database = database
        self.listener = listener
        self.clock = clock
        self.retention = RetentionUpkeep(retention)
        startedAt = clock.now()
    }

    /// `[retention]` as a reload (SIGHUP) read it.
    public func adoptRetention(_ settings: CareQueueConfig.Retention) {
        retention.adopt(settings)
    }

    public func start(address: String) {
        // The first beat before `listening on` and READY=1: a `status` run as soon as systemd
        // reports the service started finds it running, not missing.
        beat(address: address)
        let repeating = RepeatingThread(name: "carequeue.upkeep", interval: Self.interval) { [self] in
            beat(address: address)
            sweep()
            retention.step(database, at: clock.now(), logger: logger)
            anchor()
        }
        thread.withLock { $0 = repeating }
        repeating.start()
    }

    /// Stops the loop and waits for a beat in progress.
    public func stop() {
        thread.withLock { $0 }?.stop()
    }

    private func sweep() {
        SweepRunner.run(database, at: clock.now(), logger: logger)
    }

    /// Anchors the audit chain's head; returns the row anchored through, nil when it failed (logged).
    @discardableResult
    public func anchor() -> Int64? {
        do {
            let outcome = try database.anchorAudit(at: clock.now())
            anchorProblem.withLock { $0 = nil }
            switch outcome {
            case .anchored(let seq): return seq
            case .current(let seq): return seq ?? 0
            }
        } catch {
            let problem = "\(error)"
            let isNew = anchorProblem.withLock { last in
                defer { last = problem }
                return last != problem
            }
            if isNew { logger.error("audit anchor not written: \(problem)") }
            return nil
        }
    }

    private func beat(address: String) {
        let now = clock.now()
        let today = listener.stats.today(at: now)
        do {
            try database.writeHeartbeat(Heartbeat(address: address, pid: getpid(), startedAt: startedAt, beatAt: now,
                                                  messagesToday: today.count, lastMessageAt: today.lastMessageAt))
        } catch {
            logger.error("heartbeat not written: \(error)")
        }
    }
}
