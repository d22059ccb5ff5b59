import Foundation
import GRDB
import GRDBSQLite

/// Values bound in order to a cached statement through SQLite's C API.
///
/// The writer binds about sixty values for every derived message. GRDB's `StatementArguments`
/// first boxes each one in an array of existentials and then unboxes it again; in the profile
/// that was 13.5 % of the writer's CPU. Here each value goes straight to `sqlite3_bind_*`.
struct DirectBindings {
    fileprivate let handle: SQLiteStatement
    fileprivate var position: Int32 = 0

    mutating func add(_ value: Int64) {
        position += 1
        sqlite3_bind_int64(handle, position, value)
    }

    mutating func add(_ value: Int) { add(Int64(value)) }

    mutating func add(_ value: Bool) { add(Int64(value ? 1 : 0)) }

    mutating func add(_ value: String) {
        position += 1
        // -1: up to the terminating NUL, as GRDB binds text.
        sqlite3_bind_text(handle, position, value, -1, Self.transient)
    }

    mutating func add(_ bytes: [UInt8]) {
        position += 1
        bytes.withUnsafeBytes { buffer in
            // A zero-length blob still needs a non-null pointer, or SQLite stores NULL.
            _ = sqlite3_bind_blob(handle, position, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buffer.count),
                                  Self.transient)
        }
    }

    mutating func add(_ value: Int64?) { if let value { add(value) } else { addNull() } }

    mutating func add(_ value: Int?) { if let value { add(value) } else { addNull() } }

    mutating func add(_ value: String?) { if let value { add(value) } else { addNull() } }

    mutating func addNull() {
        position += 1
        sqlite3_bind_null(handle, position)
    }

    /// SQLITE_TRANSIENT (a macro Swift cannot see): SQLite copies the value before the call returns.
    private static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
}

extension Statement {
    /// Binds the values `bind` adds, runs the statement to its end and resets it.
    ///
    /// Errors are GRDB's `DatabaseError`, with SQLite's code and message, so callers tell a message's
    /// fault (a constraint) from the database's (full, locked) exactly as for GRDB's own `execute`.
    func run(_ bind: (inout DirectBindings) -> Void) throws {
        _ = try firstInteger(bind)
    }

    /// Like `run`, and returns the first column of the first row when it is an integer.
    func firstInteger(_ bind: (inout DirectBindings) -> Void) throws -> Int64? {
        var bindings = DirectBindings(handle: sqliteStatement)
        bind(&bindings)
        assert(bindings.position == sqlite3_bind_parameter_count(sqliteStatement), "\(sql): wrong number of values")
        defer { sqlite3_reset(sqliteStatement) }
        var first: Int64?
        while true {
            switch sqlite3_step(sqliteStatement) {
            case SQLITE_DONE:
                return first
            case SQLITE_ROW:
                if first == nil, sqlite3_column_type(sqliteStatement, 0) == SQLITE_INTEGER {
                    first = sqlite3_column_int64(sqliteStatement, 0)
                }
            case let code:
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(sqlite3_db_handle(sqliteStatement))), sql: sql)
            }
        }
    }
}
