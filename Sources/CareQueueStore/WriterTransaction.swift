import GRDB

/// The SQLite engine's write transactions, through statements prepared once per connection.
///
/// GRDB's `inTransaction` compiles `BEGIN` and `COMMIT` again every time; the writer runs one
/// transaction per ACK group and per derivation chunk (savepoints are `SQLConnection.savepoint`'s,
/// also prepared once). The rules are GRDB's: an error rolls back, and a
/// transaction SQLite already rolled back by itself (disk full, I/O error) is reported, never
/// committed as if the work before it were still there.
enum WriterTransaction {
    static func immediate(_ db: Database, _ body: () throws -> Database.TransactionCompletion) throws {
        try db.cachedStatement(sql: IngestSQL.beginImmediate).runToEnd()
        let completion: Database.TransactionCompletion
        do {
            completion = try body()
            if completion == .commit {
                try ensureOpen(db)
                try db.cachedStatement(sql: IngestSQL.commit).runToEnd()
                return
            }
        } catch {
            rollback(db)
            throw error
        }
        rollback(db)
    }

    /// SQLite may have rolled the whole transaction back on an error the caller chose to survive.
    private static func ensureOpen(_ db: Database) throws {
        guard db.isInsideTransaction else {
            throw DatabaseError(resultCode: .SQLITE_ABORT, message: "the transaction was rolled back by SQLite")
        }
    }

    private static func rollback(_ db: Database) {
        guard db.isInsideTransaction else { return }
        // The caller reports the first error, not the rollback's. GRDB's own rollback is the last
        // resort: a connection must never be handed back with a transaction open.
        try? db.cachedStatement(sql: IngestSQL.rollback).runToEnd()
        if db.isInsideTransaction { try? db.rollback() }
    }
}
