import CareQueueCore
import Foundation
import GRDB

/// What `backup` copied and checked.
public struct BackupSummary: Sendable, Equatable {
    public var path: String
    public var tasks: Int
    public var bytes: Int64
    /// The newest audit row in the copy, which the copy's anchor covers; nil when the trail is empty.
    public var auditThrough: Int64?
    /// What `audit verify` says of the copy (with the same key).
    public var audit: AuditVerdict
    public var seconds: Double
    /// Why the backup could not be recorded in the source's audit trail, when it could not: the
    /// copy is complete regardless (a saturated listener can hold the write lock past every retry).
    public var unrecorded: StoreError?
}

/// The source's state at the instant the copy was taken.
private struct BackupSnapshot {
    var tasks: Int
    var auditHead: (seq: Int64, hash: String)?
}

extension CareQueueDatabase {
    /// Copies the database to `path` while others keep writing, and audits the copy here.
    ///
    /// SQLite's online backup runs in ONE step inside a read transaction on a reader connection: in
    /// WAL mode that transaction is a snapshot, so writers carry on and the copy is exactly the
    /// database as of its start. (A backup in several steps restarts whenever another connection
    /// commits between steps, and under a busy listener might never finish; `VACUUM INTO` would
    /// also copy a snapshot, but rebuilds every table and index — slower, and rowids of tables
    /// without an INTEGER PRIMARY KEY may change.) The copy is checked (`integrity_check`,
    /// `foreign_key_check`), given an audit anchor that covers exactly its audit rows, made 0600
    /// and synced before it takes the name `path`.
    public func backup(to path: String, replacing: Bool = false, by user: String, at now: Date = Date()) throws -> BackupSummary {
        let started = ContinuousClock.now
        let destination = try BackupDestination(path: path, replacing: replacing, source: self.path)
        defer { destination.discard() }
        let chain = try auditChain()
        let snapshot = try copySnapshot(into: destination)
        try destination.seal(destination.temporary)
        try destination.writeAnchor(try anchorLines(through: snapshot.auditHead, chain: chain, at: now))
        let verdict = try check(destination, expecting: snapshot, chain: chain)
        try destination.publish()
        let elapsed = started.duration(to: .now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: path)[.size]) as? NSNumber)?.int64Value ?? 0
        var summary = BackupSummary(path: path, tasks: snapshot.tasks, bytes: bytes, auditThrough: snapshot.auditHead?.seq,
                                    audit: verdict, seconds: seconds)
        summary.unrecorded = record(summary, by: user, at: now)
        return summary
    }

    /// Appends the `backup` audit row, trying again while the listener holds the write lock.
    func record(_ summary: BackupSummary, by user: String, at now: Date, attempts: Int = 3) -> StoreError? {
        var failure: StoreError?
        for _ in 0..<attempts {
            do {
                try writeAudited { db, audit in
                    try audit.append(at: now, user: user, action: "backup", taskID: nil, details: [
                        "path": summary.path, "bytes": String(summary.bytes), "tasks": String(summary.tasks),
                        "audit_through": summary.auditThrough.map(String.init) ?? "none",
                        "duration_ms": String(Int((summary.seconds * 1000).rounded())),
                    ], db)
                }
                return nil
            } catch let error as StoreError {
                failure = error
                guard case .locked = error else { return error }
            } catch {
                return StoreError.from(error, path: self.path)
            }
        }
        return failure
    }

    /// Copies every page in one backup step from a snapshot that also gives the task count and
    /// the audit head, so all three describe the same instant.
    private func copySnapshot(into destination: BackupDestination) throws -> BackupSnapshot {
        do {
            let copy = try FilePermissions.withUmask(0o077) { try DatabaseQueue(path: destination.temporary) }
            defer { try? copy.close() }
            return try copy.writeWithoutTransaction { target in
                try pool.read { source in
                    let tasks = try Int.fetchOne(source, sql: "SELECT count(*) FROM tasks") ?? 0
                    let head = try Row.fetchOne(source, sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
                    try source.backup(to: target)
                    let auditHead = head.flatMap { row -> (seq: Int64, hash: String)? in
                        guard let hash: String = row["hash"] else { return nil }
                        return (row["seq"], hash)
                    }
                    return BackupSnapshot(tasks: tasks, auditHead: auditHead)
                }
            }
        } catch {
            throw Self.backupFailure(error, source: path, destination: destination.path)
        }
    }

    /// The copy's anchor log: the source's records up to the copy's newest audit row, then a record
    /// for that row itself when none covers it yet — MAC'd like the source's own.
    func anchorLines(through head: (seq: Int64, hash: String)?, chain: AuditChain, at now: Date) throws -> [String] {
        guard let head else { return [] }
        var records = Array(try auditAnchor.log().records.prefix { $0.seq <= head.seq })
        if records.last(where: { $0.kind == .head })?.seq != head.seq {
            records.append(AuditAnchorRecord.next(after: records.last, kind: .head, seq: head.seq, hash: head.hash,
                                                  at: now, chain: chain))
        }
        return records.map(\.line)
    }

    /// Opens the copy afresh: its pages, its foreign keys, its task count, and its audit chain.
    private func check(_ destination: BackupDestination, expecting snapshot: BackupSnapshot,
                       chain: AuditChain) throws -> AuditVerdict {
        let verdict: AuditVerdict
        do {
            verdict = try CareQueueDatabase(path: destination.temporary, access: .readOnly).verifyAudit(with: chain)
            let checker = try DatabaseQueue(path: destination.temporary)
            defer { try? checker.close() }
            let (integrity, brokenKeys, tasks) = try checker.read { db in
                (try String.fetchAll(db, sql: "PRAGMA integrity_check"),
                 try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count,
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM tasks") ?? -1)
            }
            guard integrity == ["ok"] else {
                throw BackupError.integrity(path: destination.path, problem: integrity.prefix(3).joined(separator: "; "))
            }
            guard brokenKeys == 0 else {
                throw BackupError.integrity(path: destination.path, problem: "\(brokenKeys) rows break a foreign key")
            }
            guard tasks == snapshot.tasks else {
                throw BackupError.integrity(path: destination.path, problem: "it holds \(tasks) tasks, the source held \(snapshot.tasks)")
            }
        } catch {
            throw Self.backupFailure(error, source: path, destination: destination.path)
        }
        return verdict
    }

    /// A full disk or an unwritable file names the copy; a busy or missing source names the source.
    private static func backupFailure(_ error: any Error, source: String, destination: String) -> any Error {
        if error is BackupError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_FULL: return BackupError.diskFull(path: destination)
            case .SQLITE_CANTOPEN, .SQLITE_IOERR, .SQLITE_READONLY, .SQLITE_PERM:
                return BackupError.io(path: destination, what: error.message ?? "\(error.resultCode)")
            default: break
            }
        }
        return StoreError.from(error, path: source)
    }
}
