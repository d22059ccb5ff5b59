import CareQueueCore
import Foundation
import GRDB

/// One audit row, for `audit list` and `tasks show`.
public struct AuditRecord: Sendable, Equatable, Encodable {
    public var seq: Int64
    public var at: Date
    public var user: String
    public var action: String
    public var taskID: Int64?
    /// The details JSON object as stored.
    public var details: String
    public var hash: String?

    enum CodingKeys: String, CodingKey { case seq, at, user, action, taskID = "task_id", details, hash }

    // By hand: `details` is embedded as the JSON object it is, `at` is ISO 8601 `Z`, nulls are kept.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(StoreTime.text(at), forKey: .at)
        try container.encode(user, forKey: .user)
        try container.encode(action, forKey: .action)
        try container.encode(taskID, forKey: .taskID)
        try container.encode(JSONValue(parsing: details), forKey: .details)
        try container.encode(hash, forKey: .hash)
    }
}

/// What `audit verify` found.
public enum AuditVerdict: Sendable, Equatable {
    /// Every row verifies.
    case intact(rows: Int, keyed: Bool)
    /// The first row that does not verify, and why.
    case broken(seq: Int64, why: String)
    /// The chain is keyed and no key was given.
    case keyRequired
    /// The key given is not the one the chain was made with.
    case wrongKey
}

extension CareQueueDatabase {
    /// Audit rows in order, all or those of one task.
    public func auditRecords(taskID: Int64? = nil) throws -> [AuditRecord] {
        try read { db in
            let filter = taskID == nil ? "" : "WHERE task_id = ?"
            return try Row.fetchAll(db, sql: """
                SELECT seq, at, user, action, task_id, details, hash FROM audit \(filter) ORDER BY seq
                """, arguments: taskID.map { [$0] } ?? []).map { row in
                AuditRecord(seq: row[0], at: StoreTime.date(row[1]) ?? .distantPast, user: row[2], action: row[3],
                            taskID: row[4], details: row[5], hash: row[6])
            }
        }
    }

    /// Checks the whole audit chain with `chain` (keyed with `[audit] key_file`, or plain).
    ///
    /// A keyed chain needs the key; and with a key, a chain that claims not to be keyed fails, since
    /// that is exactly what recomputing it without the key would leave behind.
    public func verifyAudit(with chain: AuditChain) throws -> AuditVerdict {
        try read { db in
            let record = try AuditChainRecord.read(db)
            let first = try Int64.fetchOne(db, sql: "SELECT min(seq) FROM audit")
            if record?.keyed == true, !chain.isKeyed { return .keyRequired }
            if chain.isKeyed, let first, record?.keyed != true {
                return .broken(seq: first, why: "the database says its chain is not keyed, but a key file was given: "
                    + "the chain was written or recomputed without the key")
            }
            if chain.isKeyed, let record, record.keyCheck != chain.keyCheck { return .wrongKey }

            var expectedPrevious = AuditChain.genesis
            var count = 0
            var lastSeq: Int64 = 0
            let rows = try Row.fetchCursor(db, sql: """
                SELECT seq, at, user, action, task_id, details, prev_hash, hash FROM audit ORDER BY seq
                """)
            while let row = try rows.next() {
                let seq: Int64 = row[0]
                guard let previous: String = row[6], let hash: String = row[7] else {
                    return .broken(seq: seq, why: "it is not hash-chained (written around CareQueue)")
                }
                guard let at = StoreTime.date(row[1]) else {
                    return .broken(seq: seq, why: "its time is not in the stored form (edited)")
                }
                let entry = AuditEntry(seq: seq, at: at, user: row[2], action: row[3], taskID: row[4], details: row[5])
                if let why = chain.problem(entry, previous: previous, hash: hash, expectedPrevious: expectedPrevious) {
                    return .broken(seq: seq, why: why)
                }
                expectedPrevious = hash
                lastSeq = seq
                count += 1
            }
            // AUTOINCREMENT remembers the highest seq ever used: rows cut off the end show here.
            let highest = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'audit'") ?? 0
            if highest > lastSeq {
                return .broken(seq: lastSeq + 1, why: "rows \(lastSeq + 1) to \(highest) were removed from the end")
            }
            return .intact(rows: count, keyed: chain.isKeyed)
        }
    }
}
