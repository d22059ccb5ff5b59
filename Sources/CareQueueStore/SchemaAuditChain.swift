import CareQueueCore
import Foundation
import GRDB

extension Schema {
    /// Hash-chains the audit table: `prev_hash` and `hash` on every row, and whether the chain is keyed.
    static let auditChainMigration = "v3-audit-chain"

    static let hashCheck = "length(%@) = 64 AND NOT %@ GLOB '*[^0-9a-f]*'"

    /// Adds the chain columns, chains the rows written before it existed, and seals the table again.
    ///
    /// The no-update trigger is dropped only inside this migration's transaction, so no other
    /// connection ever sees the table unguarded.
    static func chainAuditTrail(_ db: Database, chain: AuditChain) throws {
        let prevCheck = hashCheck.replacingOccurrences(of: "%@", with: "prev_hash")
        let hashCheck = hashCheck.replacingOccurrences(of: "%@", with: "hash")
        try db.execute(sql: """
            DROP TRIGGER audit_no_update;
            ALTER TABLE audit ADD COLUMN prev_hash TEXT CHECK (prev_hash IS NULL OR (\(prevCheck)));
            ALTER TABLE audit ADD COLUMN hash TEXT CHECK (hash IS NULL OR (\(hashCheck)));
            CREATE TABLE audit_chain (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                keyed INTEGER NOT NULL CHECK (keyed IN (0, 1)),
                key_check TEXT,
                CHECK ((keyed = 1) = (key_check IS NOT NULL))
            );
            """)
        var previous = AuditChain.genesis
        var chained = 0
        let update = try db.makeStatement(sql: "UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?")
        // The rows as they were before this migration (no hash columns yet): read by name, not as records.
        typealias Columns = AuditEntryRecord.Columns
        let rows = try Row.fetchCursor(db, sql: "SELECT seq, at, user, action, task_id, details FROM audit ORDER BY seq")
        while let row = try rows.next() {
            let entry = AuditEntry(seq: row[Columns.seq], at: StoreTime.date(row[Columns.at]) ?? Date(timeIntervalSince1970: 0),
                                   user: row[Columns.user], action: row[Columns.action], taskID: row[Columns.taskID],
                                   details: row[Columns.details])
            let hash = chain.hash(entry, previous: previous)
            try update.execute(arguments: [previous, hash, entry.seq])
            previous = hash
            chained += 1
        }
        if chained > 0 {
            try AuditChainRecord.insert(chain, db)
        }
        try db.execute(sql: """
            CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
                BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END;
            CREATE TRIGGER audit_must_chain BEFORE INSERT ON audit WHEN NEW.prev_hash IS NULL OR NEW.hash IS NULL
                BEGIN SELECT RAISE(ABORT, 'audit rows must be hash-chained'); END;
            CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
                BEGIN SELECT RAISE(ABORT, 'the audit chain record is fixed'); END;
            CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
                BEGIN SELECT RAISE(ABORT, 'the audit chain record is fixed'); END;
            """)
    }
}
