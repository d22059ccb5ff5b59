import CareQueueCore
import Foundation

extension CareQueueDatabase {
    /// Audit rows pruned per transaction, at most.
    public static let auditPruneChunk = 50_000

    /// Prunes the oldest audit rows written before `horizon` — a prefix of the chain, at most
    /// `limit` rows, never the newest row — and restarts the chain at the first row kept. Returns
    /// the rows pruned (0 when none are that old); `dryRun` only counts, all of them at once.
    ///
    /// The order is what keeps `audit verify` honest across a crash:
    /// 1. inside the write transaction, the rows to go are checked to chain from where the chain
    ///    starts (a tampered row is evidence, and is not pruned);
    /// 2. a `checkpoint` record — the first row kept and the previous-hash it carries, MAC'd with
    ///    the audit key — is appended to the anchor and fsynced, still before the commit (on
    ///    PostgreSQL it is also written to `audit_checkpoints`, where the other hosts' anchors
    ///    adopt it once it committed);
    /// 3. the rows go (the no-delete guard is lifted inside this transaction only, so no other
    ///    connection ever sees the table unguarded), the `purge` row is
    ///    appended, and the transaction commits.
    /// Killed between 2 and 3, the checkpoint names a row above the first one still stored:
    /// `audit verify` reads that as a purge that never happened and checks the chain from its old
    /// start (`AuditAnchorLog.start`); the next purge writes a new checkpoint. The other order
    /// would leave rows gone with no record from the key holder — the very picture of tampering —
    /// and a "pending" mark in the database would let whoever can write the file have any
    /// deletion blessed by the next process that holds the key.
    public func pruneAudit(before horizon: Date, at now: Date, by user: String, via: String,
                           limit: Int = auditPruneChunk, dryRun: Bool = false) throws -> PurgeCounts {
        let horizonText = StoreTime.text(horizon)
        if dryRun {
            return try engine.read { db in
                guard let bounds = try Self.prunable(horizonText, limit: nil, db) else { return PurgeCounts() }
                return PurgeCounts(auditRows: try Self.rowCount(before: bounds.keep, db), auditRestart: bounds.keep)
            }
        }
        let chain = try auditChain()
        // On PostgreSQL the purge lock keeps other hosts' prunes out until this one commits.
        return try writeAudited(lockingFirst: RetentionAudit.lockKey) { db, audit in
            guard let bounds = try Self.prunable(horizonText, limit: limit, db) else { return PurgeCounts() }
            // Another host's prune may have restarted the chain since this host last looked.
            try adoptSharedCheckpoint(chain: chain, db)
            // Read under the write lock: another purge's checkpoint is in it once its rows are gone.
            let anchor = try auditAnchor.log()
            if let why = try Self.chainProblem(from: bounds.first, to: bounds.keep, anchor: anchor, chain: chain, db) {
                throw StoreError.auditAnchor("not pruning the audit trail: \(why); run `carequeue audit verify`")
            }
            guard let previous = try db.value(String.self, "SELECT prev_hash FROM audit WHERE seq = ?", { $0.add(bounds.keep) }) else {
                throw StoreError.auditAnchor("not pruning the audit trail: row \(bounds.keep) is not hash-chained")
            }
            _ = try auditAnchor.append(checkingWith: chain) { tail in
                AuditAnchorRecord.next(after: tail.last, kind: .checkpoint, seq: bounds.keep, hash: previous, at: now,
                                       chain: chain)
            }
            // The other hosts' anchors learn of it from the database, once (and only if) this commits.
            try AuditSharedCheckpoints.insert(.make(seq: bounds.keep, hash: previous, at: now, chain: chain), db)
            let rows = try Self.deleteRows(before: bounds.keep, db)
            let counts = PurgeCounts(auditRows: rows, auditRestart: bounds.keep)
            var details = RetentionAudit.details(counts, before: nil, via: via)
            details["audit_before"] = horizonText
            try audit.append(at: now, user: user, action: RetentionAudit.purge, taskID: nil, details: details, db)
            return counts
        }
    }

    /// The first row and the first row to keep: the first written at or after the horizon, at most
    /// `limit` rows on, and never past the newest row. Nil when nothing is to go.
    private static func prunable(_ horizon: String, limit: Int?, _ db: any SQLConnection) throws -> (first: Int64, keep: Int64)? {
        guard let row = try db.fetchOne("SELECT min(seq) AS first, max(seq) AS last FROM audit"),
              let first = row["first"] as Int64?, let last = row["last"] as Int64? else { return nil }
        let stop = limit.map { min(first + Int64($0), last) } ?? last
        // Rows are in time order but for the odd clock step: the prefix ends at the first row not old enough.
        let keep = try db.value(Int64.self, """
            SELECT seq FROM audit WHERE seq >= ? AND (at >= ? OR seq >= ?) ORDER BY seq LIMIT 1
            """, { $0.add(first); $0.add(horizon); $0.add(stop) }) ?? last
        return keep > first ? (first, keep) : nil
    }

    private static func rowCount(before keep: Int64, _ db: any SQLConnection) throws -> Int {
        try db.value(Int.self, "SELECT count(*) FROM audit WHERE seq < ?", { $0.add(keep) }) ?? 0
    }

    /// Why rows `first` up to `keep` do not chain from where the anchor says the chain starts; nil when they do.
    private static func chainProblem(from first: Int64, to keep: Int64, anchor: AuditAnchorLog, chain: AuditChain,
                                     _ db: any SQLConnection) throws -> String? {
        var walk = AuditChainWalk(chain: chain, expectedPrevious: AuditChain.genesis)
        switch anchor.start(firstSeq: first) {
        case .genesis: break
        case .checkpoint(let checkpoint): walk.expectedPrevious = checkpoint.hash
        case .missing(let from, let through): return "rows \(from) through \(through) are missing"
        }
        // A page at a time: a first prune may walk millions of rows.
        var after = first - 1
        while true {
            let rows = try db.fetchAll("SELECT * FROM audit WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT 10000") {
                $0.add(after)
                $0.add(keep)
            }.map(AuditEntryRecord.init)
            guard let last = rows.last else { return nil }
            for row in rows {
                if let broken = walk.step(row) { return "row \(broken.seq): \(broken.why)" }
            }
            after = last.seq
        }
    }

    /// Deletes the rows before `keep` with the append-only guard lifted for this transaction only
    /// (SQLite: the trigger dropped and made again; PostgreSQL: its transaction-local setting).
    private static func deleteRows(before keep: Int64, _ db: any SQLConnection) throws -> Int {
        switch db.dialect {
        case .sqlite:
            try db.execute("DROP TRIGGER audit_no_delete")
            let rows = try db.execute("DELETE FROM audit WHERE seq < ?") { $0.add(keep) }
            try db.execute("""
                CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
                    BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
                """)
            return rows
        case .postgres:
            _ = try db.fetchAll("SELECT set_config('carequeue.audit_prune', 'on', true)")
            let rows = try db.execute("DELETE FROM audit WHERE seq < ?") { $0.add(keep) }
            _ = try db.fetchAll("SELECT set_config('carequeue.audit_prune', 'off', true)")
            return rows
        }
    }
}
