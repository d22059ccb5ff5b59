import CareQueueApp
import GRDBSQLite

/// A bare SQLite connection for bulk loading (the `carequeue` target reaches SQLite through its C
/// API only, never through GRDB): prepared statements, bound values, errors with SQLite's message.
final class SQLiteConnection {
    enum Value {
        case text(String)
        case integer(Int64)
        case blob([UInt8])
        case null

        static func optional(_ text: String?) -> Value { text.map(Value.text) ?? .null }
    }

    private let handle: OpaquePointer

    init(path: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let db else {
            sqlite3_close(db)
            throw CommandFailure("cannot open \(path)")
        }
        handle = db
        sqlite3_busy_timeout(db, 5_000)
    }

    func close() { sqlite3_close(handle) }

    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    func execute(_ sql: String) throws {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw failure(sql) }
    }

    func prepare(_ sql: String) throws -> Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else { throw failure(sql) }
        return Statement(connection: self, handle: statement)
    }

    fileprivate func failure(_ sql: String) -> CommandFailure {
        CommandFailure("SQLite: \(String(cString: sqlite3_errmsg(handle))) in \(sql.prefix(60))")
    }

    struct Statement {
        let connection: SQLiteConnection
        let handle: OpaquePointer

        /// Binds `values` to the parameters in order, steps once and resets.
        func run(_ values: [Value]) throws {
            // SQLITE_TRANSIENT: SQLite copies the bytes before the Swift buffer goes away.
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            for (offset, value) in values.enumerated() {
                let index = Int32(offset + 1)
                switch value {
                case .text(let text): sqlite3_bind_text(handle, index, text, -1, transient)
                case .integer(let number): sqlite3_bind_int64(handle, index, number)
                case .blob(let bytes): _ = bytes.withUnsafeBytes { sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transient) }
                case .null: sqlite3_bind_null(handle, index)
                }
            }
            defer {
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
            }
            guard sqlite3_step(handle) == SQLITE_DONE else { throw connection.failure(String(cString: sqlite3_sql(handle))) }
        }

        func finalize() { sqlite3_finalize(handle) }
    }
}
