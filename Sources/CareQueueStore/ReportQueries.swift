import CareQueueCore
import Foundation
import GRDB

extension CareQueueDatabase {
    /// The charge nurse's digest as of `now` (see `QueueReport`).
    public func queueReport(at now: Date, windows: CareQueueConfig.Windows) throws -> [QueueReport.Row] {
        let since = StoreTime.text(now.addingTimeInterval(-QueueReport.rateWindow))
        let (tasks, providers) = try read { db in
            // Open tasks, and those whose clock stopped recently (the within-window rate).
            let tasks = try TaskRecord.fetchAll(db, sql: """
                SELECT * FROM tasks WHERE status <> 'closed' OR clock_stopped_at > ?
                """, arguments: [since]).compactMap { row -> QueueReport.Task? in
                guard let started = row.clockStartedAt.flatMap(StoreTime.date) else { return nil }
                return QueueReport.Task(assignedNPI: row.assignedNPI, urgency: Urgency(rawValue: row.urgency) ?? .routine,
                                        status: TaskStatus(rawValue: row.status) ?? .open, clockStartedAt: started,
                                        dueAt: row.dueAt.flatMap(StoreTime.date),
                                        clockStoppedAt: row.clockStoppedAt.flatMap(StoreTime.date),
                                        escalationLevel: row.escalationLevel)
            }
            return (tasks, try RosterRows.providers(db))
        }
        return QueueReport.rows(tasks: tasks, providers: providers, at: now, windows: windows)
    }
}
