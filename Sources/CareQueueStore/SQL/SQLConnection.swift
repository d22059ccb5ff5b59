import Foundation
import GRDB

/// Which engine a statement runs on, for the few places whose SQL text differs.
public enum SQLDialect: String, Sendable {
    case sqlite
    case postgres
}

/// One connection's statements, inside the transaction its engine opened (`SQLEngine`).
///
/// Store code is written once against this: SQL with `?` placeholders in the subset both engines
/// speak (the PostgreSQL side numbers them), values bound in order through `SQLBindings`, rows read
/// as `SQLRow`. Where the text must differ, `dialect` says which to run.
protocol SQLConnection: AnyObject {
    var dialect: SQLDialect { get }

    /// Runs `sql` to its end; the number of rows it inserted, updated or deleted.
    @discardableResult
    func execute(_ sql: String, _ bind: (inout SQLBindings) -> Void) throws -> Int

    /// Every row `sql` returns.
    func fetchAll(_ sql: String, _ bind: (inout SQLBindings) -> Void) throws -> [SQLRow]

    /// The first column of the first row as bytes, copied once (a message's raw bytes); nil when
    /// there is no row or it is NULL.
    func bytes(_ sql: String, _ bind: (inout SQLBindings) -> Void) throws -> [UInt8]?

    /// Runs every statement of `script` (DDL: no placeholders, no values).
    func executeScript(_ script: String) throws

    /// False once the engine ended the transaction by itself (SQLite does on a full disk or an I/O
    /// error): the work before the failing statement is gone too.
    var isInsideTransaction: Bool { get }

    /// Runs an `INSERT` into a table keyed by `id`; the new row's id.
    func insertReturningID(_ sql: String, _ bind: (inout SQLBindings) -> Void) throws -> Int64
}

extension SQLConnection {
    @discardableResult
    func execute(_ sql: String) throws -> Int { try execute(sql) { _ in } }

    func fetchAll(_ sql: String) throws -> [SQLRow] { try fetchAll(sql) { _ in } }

    func fetchOne(_ sql: String, _ bind: (inout SQLBindings) -> Void = { _ in }) throws -> SQLRow? {
        try fetchAll(sql, bind).first
    }

    /// The first column of the first row, converted to `T`; nil when there is no row or it is NULL.
    func value<T: DatabaseValueConvertible>(_ type: T.Type, _ sql: String,
                                            _ bind: (inout SQLBindings) -> Void = { _ in }) throws -> T? {
        guard let row = try fetchOne(sql, bind), row.count > 0 else { return nil }
        return row[0]
    }

    /// The first column of every row.
    func values<T: DatabaseValueConvertible>(_ type: T.Type, _ sql: String,
                                             _ bind: (inout SQLBindings) -> Void = { _ in }) throws -> [T] {
        try fetchAll(sql, bind).compactMap { row in row.count > 0 ? row[0] as T? : nil }
    }

    /// Waits for the transaction-level advisory lock `key` (PostgreSQL), held to COMMIT or ROLLBACK:
    /// work that writers on several hosts could otherwise do at once. SQLite's single writer needs
    /// none, so there it does nothing.
    func lockForTransaction(_ key: Int64) throws {
        guard dialect == .postgres else { return }
        try execute("SELECT pg_advisory_xact_lock(?)") { $0.add(key) }
    }

    /// `lockForTransaction` keyed by a text (hashed by the server), for one lock per message identity.
    func lockForTransaction(named text: String) throws {
        guard dialect == .postgres else { return }
        try execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))") { $0.add(text) }
    }

    /// Runs `body` in a savepoint of the open transaction: its writes are undone when it throws, and
    /// the transaction goes on (PostgreSQL, which aborts a transaction on any error, included).
    func savepoint<T>(_ name: String = "item", _ body: () throws -> T) throws -> T {
        try execute("SAVEPOINT \(name)")
        do {
            let value = try body()
            try execute("RELEASE SAVEPOINT \(name)")
            return value
        } catch {
            // The first error is the one to report; a failed rollback leaves the engine to end it.
            _ = try? execute("ROLLBACK TO SAVEPOINT \(name)")
            _ = try? execute("RELEASE SAVEPOINT \(name)")
            throw error
        }
    }
}
