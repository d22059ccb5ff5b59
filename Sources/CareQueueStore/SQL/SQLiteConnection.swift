import Foundation
import GRDB
import GRDBSQLite

/// `SQLConnection` on a GRDB connection, through statements prepared once per connection.
///
/// Writes bind each value straight through SQLite's C API, as `DirectBindings` does; reads go
/// through GRDB's rows.
final class SQLiteConnection: SQLConnection {
    let db: Database

    init(_ db: Database) { self.db = db }

    var dialect: SQLDialect { .sqlite }

    @discardableResult
    func execute(_ sql: String, _ bind: (inout SQLBindings) -> Void) throws -> Int {
        var bindings = SQLBindings()
        bind(&bindings)
        var values = bindings.take()
        let statement = try db.cachedStatement(sql: sql)
        try statement.runBinding(&values)
        return db.changesCount
    }

    func fetchAll(_ sql: String, _ bind: (inout SQLBindings) -> Void) throws -> [SQLRow] {
        var bindings = SQLBindings()
        bind(&bindings)
        let statement = try db.cachedStatement(sql: sql)
        return try Row.fetchAll(statement, arguments: StatementArguments(bindings.values.map(\.databaseValue)))
            .map(SQLRow.init)
    }

    func bytes(_ sql: String, _ bind: (inout SQLBindings) -> Void) throws -> [UInt8]? {
        var bindings = SQLBindings()
        bind(&bindings)
        let statement = try db.cachedStatement(sql: sql)
        let cursor = try Row.fetchCursor(statement, arguments: StatementArguments(bindings.values.map(\.databaseValue)))
        // The cursor's row is the statement's own: the blob is copied once, into the array.
        guard let row = try cursor.next(), !row.hasNull(atIndex: 0) else { return nil }
        return try row.withUnsafeData(atIndex: 0) { data in data.map { [UInt8]($0) } } ?? []
    }

    func executeScript(_ script: String) throws { try db.execute(sql: script) }

    var isInsideTransaction: Bool { db.isInsideTransaction }

    func insertReturningID(_ sql: String, _ bind: (inout SQLBindings) -> Void) throws -> Int64 {
        try execute(sql, bind)
        return db.lastInsertedRowID
    }
}

extension Statement {
    /// Binds `values` in order, runs the statement to its end and resets it.
    ///
    /// `values` is emptied once bound (SQLite has copied them), before the statement runs: a value
    /// built only to be bound is freed then, as `DirectBindings` frees its temporaries, so a large
    /// message is not held twice while its row is written.
    func runBinding(_ values: inout [SQLValue]) throws {
        let handle = sqliteStatement
        assert(values.count == Int(sqlite3_bind_parameter_count(handle)), "\(sql): wrong number of values")
        defer { sqlite3_reset(handle) }
        for (offset, value) in values.enumerated() {
            let position = Int32(offset + 1)
            switch value {
            case .null: sqlite3_bind_null(handle, position)
            case .integer(let int): sqlite3_bind_int64(handle, position, int)
            case .real(let double): sqlite3_bind_double(handle, position, double)
            case .text(let string): sqlite3_bind_text(handle, position, string, -1, Self.transientDestructor)
            case .bytes(let bytes): bytes.withUnsafeBytes { bindBlob($0, at: position) }
            case .data(let data): data.withUnsafeBytes { bindBlob($0, at: position) }
            }
        }
        values.removeAll()
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_DONE: return
            case SQLITE_ROW: continue
            case let code:
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))), sql: sql)
            }
        }
    }

    private func bindBlob(_ buffer: UnsafeRawBufferPointer, at position: Int32) {
        // A zero-length blob still needs a non-null pointer, or SQLite stores NULL.
        _ = sqlite3_bind_blob(sqliteStatement, position, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                              Int32(buffer.count), Self.transientDestructor)
    }

    /// SQLITE_TRANSIENT (a macro Swift cannot see): SQLite copies the value before the call returns.
    private static var transientDestructor: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
}
