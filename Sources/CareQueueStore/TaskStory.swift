import CareQueueCore
import Foundation

extension CareQueueDatabase {
    /// The whole story of task `id`, or nil when there is no such task.
    public func taskStory(id: Int64) throws -> TaskStory? {
        guard let task = try task(id: id) else { return nil }
        // What was done to the task; who only looked is in `audit list --task ID --action task.viewed`.
        let audit = try auditRecords(AuditFilter(taskID: id, excludingAccess: true))
        let escalations = try escalations(ofTask: id)
        let outbox = try outboxEntries(forTask: id)
        let order = try trackedOrder(forTask: id)
        return try engine.read { db in
            guard let row = try db.fetchOne("SELECT * FROM tasks WHERE id = ?", { $0.add(id) }).map(TaskRecord.init)
            else { return nil }
            let records = try db.fetchAll("SELECT * FROM attempts WHERE task_id = ? ORDER BY id") { $0.add(id) }
                .map(CallAttemptRecord.init)
            let attempts = records.map { attempt in
                AttemptRecord(at: StoreTime.date(attempt.at) ?? .distantPast, user: attempt.user,
                              outcome: AttemptOutcome(rawValue: attempt.outcome) ?? .noAnswer, note: attempt.note)
            }
            let npis = Set([task.orderingNPI, task.assignedNPI, task.coveringForNPI].compactMap { $0 })
            var names: [String: String] = [:]
            for provider in try RosterRows.providers(db) where npis.contains(provider.npi) {
                names[provider.npi] = provider.name
            }
            func date(_ text: String?) -> Date? { text.flatMap(StoreTime.date) }
            var story = TaskStory(
                task: task, clockStartedAt: date(row.clockStartedAt) ?? task.receivedAt,
                clockStoppedAt: date(row.clockStoppedAt), acknowledgedAt: date(row.acknowledgedAt),
                acknowledgedBy: row.acknowledgedBy, closedAt: date(row.closedAt), closedBy: row.closedBy,
                closeOutcome: row.closeOutcome, closeNote: row.closeNote, manuallyReassigned: row.manuallyReassigned,
                attemptLog: attempts, escalations: escalations, audit: audit, providerNames: names)
            story.outbox = outbox
            story.order = order
            story.purge = try Self.taskPurge(id, db)
            return story
        }
    }
}

extension CareQueueDatabase {
    /// What retention removed from task `id`; nil when it was never purged.
    static func taskPurge(_ id: Int64, _ db: any SQLConnection) throws -> TaskPurge? {
        guard let row = try db.fetchOne("""
            SELECT p.purged_at, m.raw_purged_at, m.raw_purged_bytes FROM purged_tasks p
                JOIN tasks t ON t.id = p.task_id JOIN messages m ON m.id = t.latest_message_id
                WHERE p.task_id = ?
            """, { $0.add(id) }), let purgedAt = StoreTime.date(row["purged_at"]) else { return nil }
        let rawPurgedAt = (row["raw_purged_at"] as String?).flatMap(StoreTime.date)
        return TaskPurge(purgedAt: purgedAt, rawPurgedAt: rawPurgedAt, rawBytes: row["raw_purged_bytes"])
    }
}
