import CareQueueCore
import CareQueueStore
import Foundation

/// One whole purge, chunk after chunk: the closed tasks' data, then the audit rows past the audit
/// horizon. `carequeue purge` runs it at once; the listener a chunk per beat (`RetentionUpkeep`).
public enum PurgeRun {
    /// Tasks closed before `before` (nil: none) lose their data; audit rows older than
    /// `retention.audit` before `now` are pruned — whatever `before` says, the audit horizon is
    /// never moved by the caller.
    public static func run(_ database: CareQueueDatabase, before: Date?, retention: CareQueueConfig.Retention,
                           at now: Date, by user: String, via: String, dryRun: Bool) throws -> PurgeCounts {
        var total = PurgeCounts()
        if let before {
            var progress = TaskPurgeProgress()
            while !progress.done {
                total += try database.purgeClosedTasks(before: before, at: now, by: user, via: via, progress: &progress,
                                                       dryRun: dryRun)
            }
        }
        let horizon = auditHorizon(retention, at: now)
        if dryRun { return total + (try database.pruneAudit(before: horizon, at: now, by: user, via: via, dryRun: true)) }
        while true {
            let pruned = try database.pruneAudit(before: horizon, at: now, by: user, via: via)
            total += pruned
            if pruned.auditRows == 0 { return total }
        }
    }

    /// Audit rows written before this may be pruned.
    public static func auditHorizon(_ retention: CareQueueConfig.Retention, at now: Date) -> Date {
        now.addingTimeInterval(-retention.audit)
    }
}
