import CareQueueCore
import Crypto
import Foundation

/// Where a purge of closed tasks has got to: the last task it looked at, in close order.
public struct TaskPurgeProgress: Sendable {
    fileprivate var closedAt = ""
    fileprivate var taskID: Int64 = 0
    /// Messages a dry run already counted (a real run marks them purged instead).
    fileprivate var counted: Set<Int64> = []
    /// Every candidate was looked at.
    public fileprivate(set) var done = false

    public init() {}
}

extension CareQueueDatabase {
    /// Tasks looked at per transaction: the purge shares the write lock with ingest, so it never
    /// holds it for long (about what the escalation sweep does at once).
    public static let purgeChunk = 500

    /// Purges the next `limit` tasks closed before `before`, in close order, in one write
    /// transaction audited as `purge` with its counts (`via` says who ran it); `dryRun` only counts.
    ///
    /// A purged task keeps its row (test, patient, tier, queue, outcome, times), its current
    /// observations (the values it closed on), attempts, escalations, notes and audit rows. It loses
    /// its superseded observations, and its messages their raw bytes — each message only once no
    /// task still needs it (see `RetentionSQL.purgeableMessage`): the row stays, with when it was
    /// purged, how many bytes it held, and a digest so a resend is still a duplicate.
    public func purgeClosedTasks(before: Date, at now: Date, by user: String, via: String,
                                 progress: inout TaskPurgeProgress, limit: Int = purgeChunk,
                                 dryRun: Bool = false) throws -> PurgeCounts {
        guard !progress.done else { return PurgeCounts() }
        let (afterClosedAt, afterID) = (progress.closedAt, progress.taskID)
        let page = try engine.read { db in
            try db.fetchAll(RetentionSQL.candidates, RetentionSQL.bindCandidates(
                before: StoreTime.text(before), afterClosedAt: afterClosedAt, afterID: afterID, limit: limit,
            )).map { (id: $0["id"] as Int64, closedAt: $0["closed_at"] as String) }
        }
        guard let last = page.last else {
            progress.done = true
            return PurgeCounts()
        }
        (progress.closedAt, progress.taskID) = (last.closedAt, last.id)
        if page.count < limit { progress.done = true }
        let ids = page.map(\.id)
        if dryRun {
            let counted = progress.counted
            let (counts, messages) = try engine.read { db in
                try Self.purge(ids, before: before, now: now, skipping: counted, dryRun: true, db)
            }
            progress.counted.formUnion(messages)
            return counts
        }
        return try writeAudited { db, audit in
            // Purges on several hosts take turns: each checks its tasks again once it holds the lock.
            try db.lockForTransaction(RetentionAudit.lockKey)
            let (counts, _) = try Self.purge(ids, before: before, now: now, skipping: [], dryRun: false, db)
            if !counts.isEmpty {
                try audit.append(at: now, user: user, action: RetentionAudit.purge, taskID: nil,
                                 details: RetentionAudit.details(counts, before: before, via: via), db)
            }
            return counts
        }
    }

    /// Purges (or counts) `ids`, each checked again inside this transaction; returns the counts and
    /// the messages whose bytes went (or would go).
    private static func purge(_ ids: [Int64], before: Date, now: Date, skipping: Set<Int64>, dryRun: Bool,
                              _ db: any SQLConnection) throws -> (PurgeCounts, Set<Int64>) {
        var counts = PurgeCounts()
        var messages = Set<Int64>()
        let beforeText = StoreTime.text(before)
        for id in ids {
            guard let closedAt = try db.value(String.self, """
                SELECT t.closed_at FROM tasks t WHERE t.id = ? AND \(RetentionSQL.taskPurgeable)
                """, { $0.add(id); $0.add(beforeText) }) else { continue }
            messages.formUnion(try db.values(Int64.self, RetentionSQL.messagesOfTask) { $0.add(id); $0.add(id); $0.add(id) })
            counts.tasks += 1
            if dryRun {
                counts.observations += try db.value(Int.self, """
                    SELECT count(*) FROM observations WHERE task_id = ? AND is_current = 0
                    """, { $0.add(id) }) ?? 0
                continue
            }
            counts.observations += try db.execute("DELETE FROM observations WHERE task_id = ? AND is_current = 0") { $0.add(id) }
            try db.execute("""
                INSERT INTO purged_tasks (task_id, closed_at, purged_at) VALUES (?, ?, ?)
                    ON CONFLICT (task_id) DO UPDATE SET closed_at = excluded.closed_at, purged_at = excluded.purged_at
                """) { $0.add(id); $0.add(closedAt); $0.add(StoreTime.text(now)) }
        }
        var purged = Set<Int64>()
        for message in messages.subtracting(skipping).sorted() {
            guard let bytes = try db.value(Int64.self, RetentionSQL.purgeableMessage,
                                           RetentionSQL.bindPurgeableMessage(message, before: beforeText)) else { continue }
            purged.insert(message)
            counts.messages += 1
            counts.bytes += bytes
            if dryRun { continue }
            let raw = try db.bytes("SELECT raw FROM messages WHERE id = ?") { $0.add(message) } ?? []
            try db.execute("""
                UPDATE messages SET raw = ?, raw_purged_at = ?, raw_purged_bytes = ?, raw_digest = ? WHERE id = ?
                """) {
                $0.add([UInt8]())
                $0.add(StoreTime.text(now))
                $0.add(bytes)
                $0.add(PurgedMessageDigest.hex(raw))
                $0.add(message)
            }
        }
        return (counts, purged)
    }
}

/// What stays of a purged message's bytes: the SHA-256 of what `SameMessage` compares, so a resend
/// of it is still recognised (a collision would take a break of SHA-256).
enum PurgedMessageDigest {
    static func hex(_ raw: [UInt8]) -> String {
        SHA256.hash(data: SameMessage.normalized(raw)).map { String(format: "%02x", $0) }.joined()
    }
}

/// The `purge` audit row: counts and the cut-off, never patient data.
enum RetentionAudit {
    static let purge = "purge"
    /// The transaction lock purges take on PostgreSQL.
    static let lockKey: Int64 = 0x4351_5075_7267_6521 // "CQPurge!"

    static func details(_ counts: PurgeCounts, before: Date?, via: String) -> [String: String] {
        var details = ["via": via]
        if let before {
            details["before"] = StoreTime.text(before)
            details["tasks"] = String(counts.tasks)
            details["messages"] = String(counts.messages)
            details["bytes"] = String(counts.bytes)
            details["observations"] = String(counts.observations)
        }
        if counts.auditRows > 0 {
            details["audit_rows"] = String(counts.auditRows)
        }
        if let restart = counts.auditRestart { details["audit_restart"] = String(restart) }
        return details
    }
}
