import CareQueueCore
import Foundation
import GRDB

extension AuditChainRecord {
    /// Why `chain` may not extend the chain recorded in `db`; nil when it may (or nothing is recorded).
    static func mismatch(_ chain: AuditChain, _ db: Database, path: String) throws -> StoreError? {
        try mismatch(chain, SQLiteConnection(db), path: path)
    }

    static func mismatch(_ chain: AuditChain, _ connection: any SQLConnection, path: String) throws -> StoreError? {
        guard let record = try read(connection) else { return nil }
        switch (record.keyed, chain.isKeyed) {
        case (true, false):
            return .auditKey("the audit chain of \(path) is keyed: set [audit] key_file to its key file")
        case (false, true):
            return .auditKey("the audit chain of \(path) was started without a key; a key cannot be added to it "
                + "(remove [audit] key_file, or start a new database)")
        case (true, true) where record.keyCheck != chain.keyCheck:
            return .auditKey("[audit] key_file is not the key the audit chain of \(path) was made with")
        default:
            return nil
        }
    }
}

/// Appends hash-chained rows to the append-only audit table, inside one open write transaction.
///
/// It reads the chain's last row once, when the transaction begins, and keeps the tail in memory
/// from then on: the write lock the transaction holds means no other connection can append meanwhile.
/// On PostgreSQL, whose writers run side by side, that lock is an advisory lock taken first, held
/// to the end of the transaction: writers on every host append to one chain, one at a time.
final class AuditTrail {
    /// The advisory lock key of the chain's tail (PostgreSQL).
    static let tailLockKey: Int64 = 0x4351_4175_6469_7454 // "CQAuditT"

    /// Where the tail was, to rewind to when a savepoint holding appended rows rolls back.
    struct Mark {
        fileprivate var seq: Int64
        fileprivate var hash: String
    }

    private let chain: AuditChain
    /// The operating-system account of this process, on every row it appends.
    private let osUser: String
    private var lastSeq: Int64
    private var lastHash: String

    /// Checks the chain's keying (recording it on the first row ever) and reads the tail.
    convenience init(_ db: Database, chain: AuditChain, osUser: String, path: String) throws {
        try self.init(SQLiteConnection(db), chain: chain, osUser: osUser, path: path)
    }

    init(_ connection: any SQLConnection, chain: AuditChain, osUser: String, path: String) throws {
        self.chain = chain
        self.osUser = osUser
        try connection.lockForTransaction(Self.tailLockKey)
        if let mismatch = try AuditChainRecord.mismatch(chain, connection, path: path) { throw mismatch }
        let tail = try connection.fetchOne("SELECT * FROM audit ORDER BY seq DESC LIMIT 1").map(AuditEntryRecord.init)
        lastSeq = tail?.seq ?? 0
        lastHash = tail?.hash ?? AuditChain.genesis
    }

    var mark: Mark { Mark(seq: lastSeq, hash: lastHash) }

    /// The seq of the row appended last (0 before any): what a row written beside an action names.
    var latestSeq: Int64 { lastSeq }

    func rewind(to mark: Mark) {
        lastSeq = mark.seq
        lastHash = mark.hash
    }

    /// Appends one row whose `details` are flat string fields.
    func append(at: Date, user: String, action: String, taskID: Int64?, details: [String: String],
                _ db: Database) throws {
        try append(at: at, user: user, action: action, taskID: taskID, detailsJSON: JSONText.object(details),
                   SQLiteConnection(db))
    }

    func append(at: Date, user: String, action: String, taskID: Int64?, details: [String: String],
                _ connection: any SQLConnection) throws {
        try append(at: at, user: user, action: action, taskID: taskID, detailsJSON: JSONText.object(details), connection)
    }

    func append(at: Date, user: String, action: String, taskID: Int64?, detailsJSON: String,
                _ db: Database) throws {
        try append(at: at, user: user, action: action, taskID: taskID, detailsJSON: detailsJSON, SQLiteConnection(db))
    }

    /// Appends one row whose `details` are already JSON object text.
    func append(at: Date, user: String, action: String, taskID: Int64?, detailsJSON: String,
                _ connection: any SQLConnection) throws {
        if lastSeq == 0, try AuditChainRecord.read(connection) == nil {
            try AuditChainRecord.insert(chain, connection)
        }
        let entry = AuditEntry(seq: lastSeq + 1, at: StoreTime.truncated(at), user: user, action: action,
                               taskID: taskID, details: detailsJSON, osUser: osUser)
        let hash = chain.hash(entry, previous: lastHash)
        try connection.execute(IngestSQL.insertAudit) {
                $0.add(entry.seq)
                $0.add(StoreTime.text(entry.at))
                $0.add(user)
                $0.add(action)
                $0.add(taskID)
                $0.add(detailsJSON)
                $0.add(osUser)
                $0.add(lastHash)
                $0.add(hash)
            }
        lastSeq = entry.seq
        lastHash = hash
    }
}

/// An `AuditTrail` made on first use: most ACK transactions append no audit row, and need not read
/// the chain's tail or keying at all.
final class LazyAuditTrail {
    private let connection: any SQLConnection
    private let chain: AuditChain
    private let osUser: String
    private let path: String
    private var made: AuditTrail?

    init(_ connection: any SQLConnection, chain: AuditChain, osUser: String, path: String) {
        self.connection = connection
        self.chain = chain
        self.osUser = osUser
        self.path = path
    }

    func trail() throws -> AuditTrail {
        if let made { return made }
        let trail = try AuditTrail(connection, chain: chain, osUser: osUser, path: path)
        made = trail
        return trail
    }

    /// Where the tail is, if the trail was made; for rewinding after a savepoint rolls back.
    var mark: AuditTrail.Mark? { made?.mark }

    /// Rewinds to `mark`; a trail made after the mark was taken is dropped (its rows rolled back).
    func rewind(to mark: AuditTrail.Mark?) {
        if let mark { made?.rewind(to: mark) } else { made = nil }
    }
}
