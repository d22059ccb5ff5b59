import CareQueueCore
import Foundation
import GRDB

extension CareQueueDatabase {
    /// Outbox rows, newest first: all, or those with `status`; at most `limit` after `offset`.
    public func outboxEntries(status: OutboxEntry.Status? = nil, limit: Int = 100, offset: Int = 0) throws -> [OutboxEntry] {
        try read { db in
            var arguments: StatementArguments = []
            var condition = ""
            if let status {
                condition = "WHERE o.status = ?"
                arguments += [status.rawValue]
            }
            arguments += [max(limit, 0), max(offset, 0)]
            return try OutboxRecord.fetchAll(db, sql: """
                SELECT \(OutboxRecord.listColumns) FROM outbox o JOIN tasks t ON t.id = o.task_id
                \(condition) ORDER BY o.id DESC LIMIT ? OFFSET ?
                """, arguments: arguments).map(\.entry)
        }
    }

    /// How many rows have `status` (all rows when nil).
    public func outboxCount(status: OutboxEntry.Status? = nil) throws -> Int {
        try read { db in
            guard let status else { return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE status = ?", arguments: [status.rawValue]) ?? 0
        }
    }

    /// Row `id` and its message as written (segments end in CR); nil when there is no such row.
    public func outboxEntry(id: Int64) throws -> (entry: OutboxEntry, message: String)? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT \(OutboxRecord.listColumns), o.message FROM outbox o JOIN tasks t ON t.id = o.task_id WHERE o.id = ?
                """, arguments: [id]) else { return nil }
            return (try OutboxRecord(row: row).entry, row["message"])
        }
    }

    /// The rows of task `taskID`, oldest first: what its detail says about the EHR.
    public func outboxEntries(forTask taskID: Int64) throws -> [OutboxEntry] {
        try read { db in
            try OutboxRecord.fetchAll(db, sql: """
                SELECT \(OutboxRecord.listColumns) FROM outbox o JOIN tasks t ON t.id = o.task_id
                WHERE o.task_id = ? ORDER BY o.id
                """, arguments: [taskID]).map(\.entry)
        }
    }

    /// The header's and the ticker's view of the outbox: what waits, since when the EHR has not
    /// answered, what it refused (the latest `recentFailures` refusals).
    public func outboxSummary(recentFailures: Int = 5) throws -> OutboxSummary {
        try read { db in try Self.outboxSummary(recentFailures: recentFailures, db) }
    }

    static func outboxSummary(recentFailures: Int, _ db: Database) throws -> OutboxSummary {
        let waiting = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT COUNT(*) AS n, MIN(created_at) AS oldest, MIN(first_failure_at) AS failing
            FROM outbox WHERE status = 'waiting'
            """))
        let failed = try Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM outbox WHERE status = 'failed'")) ?? 0
        let recent = failed == 0 ? [] : try OutboxRecord.fetchAll(db, sql: """
            SELECT \(OutboxRecord.listColumns) FROM outbox o JOIN tasks t ON t.id = o.task_id
            WHERE o.status = 'failed' ORDER BY o.finished_at DESC, o.id DESC LIMIT ?
            """, arguments: [max(recentFailures, 0)]).map(\.entry)
        return OutboxSummary(waiting: waiting?["n"] ?? 0, oldestWaitingAt: (waiting?["oldest"] as String?).flatMap(StoreTime.date),
                             unreachableSince: (waiting?["failing"] as String?).flatMap(StoreTime.date), failed: failed,
                             recentFailures: recent)
    }
}
