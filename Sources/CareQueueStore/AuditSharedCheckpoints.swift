import CareQueueCore
import Foundation

/// PostgreSQL's `audit_checkpoints`: the retention checkpoints of every host's prunes, so the
/// other hosts' anchors learn where the chain restarts (see `AuditSharedCheckpoint`). SQLite has
/// one host, whose anchor file holds its checkpoints already.
enum AuditSharedCheckpoints {
    /// Append-only like the audit rows it restarts: a checkpoint removed would make a prune look
    /// like tampering to the hosts that had not adopted it yet, one edited fails its MAC.
    static let migration = (identifier: "pg-audit-checkpoints", script: """
        CREATE TABLE audit_checkpoints (
            seq BIGINT PRIMARY KEY CHECK (seq > 1),
            hash TEXT NOT NULL,
            at TEXT NOT NULL,
            mac TEXT NOT NULL
        );
        CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints
            FOR EACH ROW EXECUTE FUNCTION carequeue_refuse('audit checkpoints are append-only');
        CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON audit_checkpoints
            FOR EACH STATEMENT EXECUTE FUNCTION carequeue_refuse('audit checkpoints are append-only');

        """)

    /// Records `checkpoint` in the transaction that deletes the rows before it.
    static func insert(_ checkpoint: AuditSharedCheckpoint, _ db: any SQLConnection) throws {
        guard db.dialect == .postgres else { return }
        try db.execute("INSERT INTO audit_checkpoints (seq, hash, at, mac) VALUES (?, ?, ?, ?)") {
            $0.add(checkpoint.seq)
            $0.add(checkpoint.hash)
            $0.add(StoreTime.text(checkpoint.at))
            $0.add(checkpoint.mac)
        }
    }

    /// The checkpoint a prune left at the chain's first row, if the chain was pruned (PostgreSQL).
    static func atFirstRow(_ db: any SQLConnection) throws -> AuditSharedCheckpoint? {
        guard db.dialect == .postgres, let row = try db.fetchOne("""
            SELECT seq, hash, at, mac FROM audit_checkpoints WHERE seq = (SELECT min(seq) FROM audit)
            """) else { return nil }
        // A time not in the stored form cannot match its MAC: read it as the epoch, and fail there.
        let at = StoreTime.date(row["at"] as String) ?? Date(timeIntervalSince1970: 0)
        return AuditSharedCheckpoint(seq: row["seq"], hash: row["hash"], at: at, mac: row["mac"])
    }
}

extension CareQueueDatabase {
    /// On PostgreSQL: when another host's prune restarted the chain at its first row, records that
    /// checkpoint in this host's anchor, so this host checks the chain from there as the pruning
    /// host does. Only a checkpoint with `chain`'s MAC is adopted; any other leaves the rows before
    /// the first one missing, which `audit verify` reports.
    ///
    /// `db`: the transaction that is about to prune (it holds the purge lock); nil reads on its own.
    /// Returns true when it added a record.
    @discardableResult
    func adoptSharedCheckpoint(chain: AuditChain, _ db: (any SQLConnection)? = nil) throws -> Bool {
        guard dialect == .postgres else { return false }
        let found = try db.map(AuditSharedCheckpoints.atFirstRow) ?? engine.read(AuditSharedCheckpoints.atFirstRow)
        guard let found, found.isAuthentic(chain: chain) else { return false }
        let added = try auditAnchor.append(checkingWith: chain) { tail in
            if let known = tail.latestCheckpoint, known.seq == found.seq, known.hash == found.hash { return nil }
            return AuditAnchorRecord.next(after: tail.last, kind: .checkpoint, seq: found.seq, hash: found.hash,
                                          at: found.at, chain: chain)
        }
        return added != nil
    }
}
