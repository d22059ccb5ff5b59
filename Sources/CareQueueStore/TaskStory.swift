import CareQueueCore
import Foundation
import GRDB

extension CareQueueDatabase {
    /// The whole story of task `id`, or nil when there is no such task.
    public func taskStory(id: Int64) throws -> TaskStory? {
        guard let task = try task(id: id) else { return nil }
        let audit = try auditRecords(taskID: id)
        let escalations = try escalations(ofTask: id)
        return try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT clock_started_at, clock_stopped_at, acknowledged_at, acknowledged_by, closed_at, closed_by,
                    close_outcome, close_note, manually_reassigned
                FROM tasks WHERE id = ?
                """, arguments: [id]) else { return nil }
            let attempts = try Row.fetchAll(db, sql: """
                SELECT at, user, outcome, note FROM attempts WHERE task_id = ? ORDER BY id
                """, arguments: [id]).map { row in
                AttemptRecord(at: StoreTime.date(row[0]) ?? .distantPast, user: row[1],
                              outcome: AttemptOutcome(rawValue: row[2]) ?? .noAnswer, note: row[3])
            }
            let npis = Set([task.orderingNPI, task.assignedNPI, task.coveringForNPI].compactMap { $0 })
            var names: [String: String] = [:]
            for provider in try RosterRows.providers(db) where npis.contains(provider.npi) {
                names[provider.npi] = provider.name
            }
            func date(_ index: Int) -> Date? { (row[index] as String?).flatMap(StoreTime.date) }
            return TaskStory(
                task: task, clockStartedAt: date(0) ?? task.receivedAt, clockStoppedAt: date(1),
                acknowledgedAt: date(2), acknowledgedBy: row[3], closedAt: date(4), closedBy: row[5],
                closeOutcome: row[6], closeNote: row[7], manuallyReassigned: row[8], attemptLog: attempts,
                escalations: escalations, audit: audit, providerNames: names)
        }
    }
}
