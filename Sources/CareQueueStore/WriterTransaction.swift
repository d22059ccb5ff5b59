import GRDB

/// The writer's transactions and savepoints, through statements prepared once per connection.
///
/// GRDB's `inTransaction` and `inSavepoint` compile `BEGIN`, `COMMIT`, `SAVEPOINT` and `RELEASE`
/// again every time; the writer runs one transaction per ACK group and per derivation chunk, and
/// one savepoint per message of a group. The rules are GRDB's: an error rolls back, and a
/// transaction SQLite already rolled back by itself (disk full, I/O error) is reported, never
/// committed as if the work before it were still there.
enum WriterTransaction {
    static func immediate(_ db: Database, _ body: () throws -> Database.TransactionCompletion) throws {
        try db.cachedStatement(sql: IngestSQL.beginImmediate).run { _ in }
        let completion: Database.TransactionCompletion
        do {
            completion = try body()
            if completion == .commit {
                try ensureOpen(db)
                try db.cachedStatement(sql: IngestSQL.commit).run { _ in }
                return
            }
        } catch {
            rollback(db)
            throw error
        }
        rollback(db)
    }

    /// Runs `body` in a savepoint of the open transaction: its writes are undone when it throws,
    /// and the transaction goes on.
    static func savepoint(_ db: Database, _ body: () throws -> Void) throws {
        try db.cachedStatement(sql: IngestSQL.savepoint).run { _ in }
        do {
            try body()
            try ensureOpen(db)
            try db.cachedStatement(sql: IngestSQL.release).run { _ in }
        } catch {
            if db.isInsideTransaction {
                // Undo the item, then drop the savepoint: the transaction itself stays open.
                try? db.cachedStatement(sql: IngestSQL.rollbackToSavepoint).run { _ in }
                try? db.cachedStatement(sql: IngestSQL.release).run { _ in }
            }
            throw error
        }
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
        try? db.cachedStatement(sql: IngestSQL.rollback).run { _ in }
        if db.isInsideTransaction { try? db.rollback() }
    }
}
