import Foundation

/// Which stored messages a derivation chunk visits next, and how it records that it did.
///
/// SQLite: one writer, ids committed in order, so a mark (`derivation_mark.derived_through`) says
/// it all: the chunk visits the ids after it. PostgreSQL: listeners on several hosts store at once
/// and a lower id may commit after a higher one, so a mark could pass a message not yet visible.
/// There the ACK's transaction queues each accepted message (`derivation_queue`), a chunk takes
/// the queued ids in order under an advisory lock (one deriver at a time, whichever host), and
/// deletes exactly the ids it visited.
enum DerivationQueue {
    /// The queue (PostgreSQL only: SQLite's single writer needs none), made with the baseline.
    static let schema = """
        CREATE TABLE derivation_queue (
            message_id BIGINT PRIMARY KEY REFERENCES messages(id)
        )
        """

    /// The advisory lock key of derivation (PostgreSQL).
    static let lockKey: Int64 = 0x4351_4465_7269_7665 // "CQDerive"

    struct Pending {
        /// Ids to visit, in order.
        var ids: [Int64]
        /// The mark before the chunk.
        var mark: Int64
        /// True when `ids` holds everything there is to visit now.
        var isEverything: Bool
    }

    /// Takes the deriver's lock (PostgreSQL) and reads what to visit, at most `limit` ids.
    static func pending(_ db: any SQLConnection, limit: Int) throws -> Pending {
        switch db.dialect {
        case .sqlite:
            let mark = try self.mark(db)
            let newest = try db.value(Int64.self, "SELECT max(id) FROM messages") ?? 0
            guard newest > mark else { return Pending(ids: [], mark: mark, isEverything: true) }
            let last = min(newest, mark + Int64(limit))
            return Pending(ids: Array(mark + 1...last), mark: mark, isEverything: last == newest)
        case .postgres:
            try db.lockForTransaction(lockKey)
            // After the lock (a snapshot taken before it could list ids another deriver just took):
            // the mark and the queue in one statement, the mark's row first.
            let rows = try db.fetchAll("""
                SELECT 0 AS queued, derived_through AS id FROM derivation_mark WHERE id = 1
                UNION ALL
                (SELECT 1, message_id FROM derivation_queue ORDER BY message_id LIMIT ?)
                ORDER BY queued, id
                """) { $0.add(limit) }
            var mark: Int64 = 0
            var ids: [Int64] = []
            ids.reserveCapacity(rows.count)
            for row in rows {
                if (row["queued"] as Int64) == 0 { mark = row["id"] } else { ids.append(row["id"]) }
            }
            return Pending(ids: ids, mark: mark, isEverything: ids.count < limit)
        }
    }

    /// Records that the chunk visited `visited` (a prefix of `pending.ids`).
    static func finish(_ db: any SQLConnection, visited: [Int64]) throws {
        guard let last = visited.last else { return }
        switch db.dialect {
        case .sqlite:
            try db.execute("UPDATE derivation_mark SET derived_through = ? WHERE id = 1") { $0.add(last) }
        case .postgres:
            // The last batch of deletes and the mark in one statement: one round trip per chunk.
            let batches = visited.batches(of: 500)
            for batch in batches.dropLast() {
                try db.execute("DELETE FROM derivation_queue WHERE message_id IN (\(SQLPlaceholders.list(batch.count)))") {
                    for id in batch { $0.add(id) }
                }
            }
            let batch = batches[batches.count - 1]
            try db.execute("""
                WITH visited AS (DELETE FROM derivation_queue WHERE message_id IN (\(SQLPlaceholders.list(batch.count))))
                UPDATE derivation_mark SET derived_through = CASE WHEN derived_through > ? THEN derived_through ELSE ? END
                WHERE id = 1
                """) {
                for id in batch { $0.add(id) }
                $0.add(last)
                $0.add(last)
            }
        }
    }

    /// Queues accepted message `id` for derivation, in the ACK's transaction (PostgreSQL).
    static func enqueue(_ id: Int64, _ db: any SQLConnection) throws {
        guard db.dialect == .postgres else { return }
        try db.execute("INSERT INTO derivation_queue (message_id) VALUES (?)") { $0.add(id) }
    }

    /// Stored messages not yet derived.
    static func backlog(_ db: any SQLConnection) throws -> Int {
        switch db.dialect {
        case .sqlite:
            let mark = try self.mark(db)
            return try db.value(Int.self, "SELECT COUNT(*) FROM messages WHERE id > ?") { $0.add(mark) } ?? 0
        case .postgres:
            return try db.value(Int.self, "SELECT count(*) FROM derivation_queue") ?? 0
        }
    }

    static func mark(_ db: any SQLConnection) throws -> Int64 {
        try db.value(Int64.self, "SELECT derived_through FROM derivation_mark WHERE id = 1") ?? 0
    }
}
