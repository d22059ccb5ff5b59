import CareQueueCore
import Foundation
import GRDB

/// `SQLEngine` on the SQLite database pool: readers for snapshots, the writer for transactions
/// (`BEGIN IMMEDIATE`, so a write never upgrades a read lock and fails half-way).
struct SQLiteEngine: SQLEngine {
    let pool: DatabasePool
    let location: String

    var dialect: SQLDialect { .sqlite }

    func read<T>(_ body: (any SQLConnection) throws -> T) throws -> T {
        do {
            // GRDB's `read` runs `body` in a deferred transaction on a reader: one WAL snapshot.
            return try pool.read { db in try body(SQLiteConnection(db)) }
        } catch {
            throw StoreError.from(error, path: location)
        }
    }

    /// `BEGIN IMMEDIATE` through statements prepared once (`WriterTransaction`): ingest runs one
    /// transaction per ACK group.
    func write<T>(deciding body: (any SQLConnection) throws -> (value: T, commit: Bool)) throws -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var value: T?
                try WriterTransaction.immediate(db) {
                    let (result, commit) = try body(SQLiteConnection(db))
                    value = result
                    return commit ? .commit : .rollback
                }
                return value!
            }
        } catch {
            throw StoreError.from(error, path: location)
        }
    }
}
