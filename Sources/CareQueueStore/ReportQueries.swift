import CareQueueCore
import Foundation
import GRDB

extension CareQueueDatabase {
    /// The charge nurse's digest as of `now` (see `QueueReport`).
    public func queueReport(at now: Date, windows: CareQueueConfig.Windows) throws -> [QueueReport.Row] {
        let since = StoreTime.text(now.addingTimeInterval(-QueueReport.rateWindow))
        let (tasks, providers) = try read { db in
            // Open tasks, and those whose clock stopped recently (the within-window rate).
            let tasks = try Row.fetchAll(db, sql: """
                SELECT assigned_npi, urgency, status, clock_started_at, due_at, clock_stopped_at, escalation_level
                FROM tasks WHERE status <> 'closed' OR clock_stopped_at > ?
                """, arguments: [since]).compactMap { row -> QueueReport.Task? in
                guard let started = StoreTime.date(row[3]) else { return nil }
                return QueueReport.Task(assignedNPI: row[0], urgency: Urgency(rawValue: row[1]) ?? .routine,
                                        status: TaskStatus(rawValue: row[2]) ?? .open, clockStartedAt: started,
                                        dueAt: (row[4] as String?).flatMap(StoreTime.date),
                                        clockStoppedAt: (row[5] as String?).flatMap(StoreTime.date),
                                        escalationLevel: row[6])
            }
            return (tasks, try RosterRows.providers(db))
        }
        return QueueReport.rows(tasks: tasks, providers: providers, at: now, windows: windows)
    }
}
