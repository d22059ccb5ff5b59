import Foundation
import GRDB
import GRDBSQLite

/// `SQLConnection` on a GRDB connection, through statements prepared once per connection.
///
/// Writes bind each value straight through SQLite's C API (GRDB's `StatementArguments` would box
/// each one first); reads go through GRDB's rows.
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
        var values = bindings.take()
        let statement = try db.cachedStatement(sql: sql)
        return try statement.rowsBinding(&values)
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
    /// built only to be bound is freed then, so a large message is not held twice while its row is
    /// written.
    func runBinding(_ values: inout [SQLValue]) throws {
        let handle = sqliteStatement
        defer { sqlite3_reset(handle) }
        try bind(&values)
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

    /// Binds `values` in order (SQLite copies each), then empties `values`.
    private func bind(_ values: inout [SQLValue]) throws {
        let handle = sqliteStatement
        assert(values.count == Int(sqlite3_bind_parameter_count(handle)), "\(sql): wrong number of values")
        sqlite3_clear_bindings(handle)
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
    }

    /// Binds `values` and reads every row straight from SQLite's C API into `SQLRow`s: no GRDB
    /// `Row` to copy from, no `StatementArguments` to box the values in (derivation reads a task,
    /// its observations and its order this way for every result it derives).
    func rowsBinding(_ values: inout [SQLValue]) throws -> [SQLRow] {
        let handle = sqliteStatement
        defer { sqlite3_reset(handle) }
        try bind(&values)
        let count = sqlite3_column_count(handle)
        let names = (0..<count).map { String(cString: sqlite3_column_name(handle, $0)) }
        var rows: [SQLRow] = []
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_DONE:
                return rows
            case SQLITE_ROW:
                rows.append(SQLRow(names: names, cells: (0..<count).map { Self.column($0, of: handle) }))
            case let code:
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(sqlite3_db_handle(handle))), sql: sql)
            }
        }
    }

    private static func column(_ index: Int32, of handle: SQLiteStatement) -> DatabaseValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return sqlite3_column_int64(handle, index).databaseValue
        case SQLITE_FLOAT: return sqlite3_column_double(handle, index).databaseValue
        case SQLITE_TEXT: return String(cString: sqlite3_column_text(handle, index)).databaseValue
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, index))
            guard let bytes = sqlite3_column_blob(handle, index), count > 0 else { return Data().databaseValue }
            return Data(bytes: bytes, count: count).databaseValue
        default: return .null
        }
    }

    /// Runs a statement that takes no values (`BEGIN`, `COMMIT`) to its end.
    func runToEnd() throws {
        var none: [SQLValue] = []
        try runBinding(&none)
    }

    private func bindBlob(_ buffer: UnsafeRawBufferPointer, at position: Int32) {
        // A zero-length blob still needs a non-null pointer, or SQLite stores NULL.
        _ = sqlite3_bind_blob(sqliteStatement, position, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                              Int32(buffer.count), Self.transientDestructor)
    }

    /// SQLITE_TRANSIENT (a macro Swift cannot see): SQLite copies the value before the call returns.
    private static var transientDestructor: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
}
