import CareQueueCore
import Foundation

extension CareQueueDatabase {
    /// Outbox rows, newest first: all, or those with `status`; at most `limit` after `offset`.
    public func outboxEntries(status: OutboxEntry.Status? = nil, limit: Int = 100, offset: Int = 0) throws -> [OutboxEntry] {
        try engine.read { db in
            try db.fetchAll("""
                SELECT \(OutboxRecord.listColumns) FROM outbox o JOIN tasks t ON t.id = o.task_id
                \(status == nil ? "" : "WHERE o.status = ?") ORDER BY o.id DESC LIMIT ? OFFSET ?
                """) {
                if let status { $0.add(status.rawValue) }
                $0.add(max(limit, 0))
                $0.add(max(offset, 0))
            }.map { try OutboxRecord($0).entry }
        }
    }

    /// How many rows have `status` (all rows when nil).
    public func outboxCount(status: OutboxEntry.Status? = nil) throws -> Int {
        try engine.read { db in
            guard let status else { return try db.value(Int.self, "SELECT COUNT(*) FROM outbox") ?? 0 }
            return try db.value(Int.self, "SELECT COUNT(*) FROM outbox WHERE status = ?") { $0.add(status.rawValue) } ?? 0
        }
    }

    /// Row `id` and its message as written (segments end in CR); nil when there is no such row.
    public func outboxEntry(id: Int64) throws -> (entry: OutboxEntry, message: String)? {
        try engine.read { db in
            guard let row = try db.fetchOne("""
                SELECT \(OutboxRecord.listColumns), o.message FROM outbox o JOIN tasks t ON t.id = o.task_id WHERE o.id = ?
                """, { $0.add(id) }) else { return nil }
            return (try OutboxRecord(row).entry, row["message"])
        }
    }

    /// The rows of task `taskID`, oldest first: what its detail says about the EHR.
    public func outboxEntries(forTask taskID: Int64) throws -> [OutboxEntry] {
        try engine.read { db in
            try db.fetchAll("""
                SELECT \(OutboxRecord.listColumns) FROM outbox o JOIN tasks t ON t.id = o.task_id
                WHERE o.task_id = ? ORDER BY o.id
                """) { $0.add(taskID) }.map { try OutboxRecord($0).entry }
        }
    }

    /// The header's and the ticker's view of the outbox: what waits, since when the EHR has not
    /// answered, what it refused (the latest `recentFailures` refusals).
    public func outboxSummary(recentFailures: Int = 5) throws -> OutboxSummary {
        try engine.read { db in try Self.outboxSummary(recentFailures: recentFailures, db) }
    }

    static func outboxSummary(recentFailures: Int, _ db: any SQLConnection) throws -> OutboxSummary {
        let waiting = try db.fetchOne("""
            SELECT COUNT(*) AS n, MIN(created_at) AS oldest, MIN(first_failure_at) AS failing
            FROM outbox WHERE status = 'waiting'
            """)
        let failed = try db.value(Int.self, "SELECT COUNT(*) FROM outbox WHERE status = 'failed'") ?? 0
        let recent = failed == 0 ? [] : try db.fetchAll("""
            SELECT \(OutboxRecord.listColumns) FROM outbox o JOIN tasks t ON t.id = o.task_id
            WHERE o.status = 'failed' ORDER BY o.finished_at DESC, o.id DESC LIMIT ?
            """) { $0.add(max(recentFailures, 0)) }.map { try OutboxRecord($0).entry }
        return OutboxSummary(waiting: waiting?["n"] ?? 0, oldestWaitingAt: (waiting?["oldest"] as String?).flatMap(StoreTime.date),
                             unreachableSince: (waiting?["failing"] as String?).flatMap(StoreTime.date), failed: failed,
                             recentFailures: recent)
    }
}
