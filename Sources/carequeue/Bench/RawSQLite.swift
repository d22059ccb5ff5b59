import CareQueueApp
import Foundation
import GRDBSQLite

/// A bare SQLite connection for the benches (the `carequeue` target reaches SQLite through its C API
/// only, never through GRDB): the baselines measure SQLite and the schema, not a library, and the
/// dashboard bench bulk-loads its store. One thread at a time.
final class RawSQLite {
    enum Value {
        case int(Int64)
        case text(String)
        case blob([UInt8])
        case null

        static func optional(_ text: String?) -> Value { text.map(Value.text) ?? .null }
    }

    /// A prepared statement, reset after every run so it can be run again.
    final class Statement {
        let sql: String
        private let handle: OpaquePointer
        // Strong: a statement keeps its connection open (the connection never holds its statements).
        private let connection: RawSQLite

        fileprivate init(_ sql: String, _ connection: RawSQLite) throws {
            var handle: OpaquePointer?
            guard sqlite3_prepare_v2(connection.handle, sql, -1, &handle, nil) == SQLITE_OK, let handle else {
                throw CommandFailure("cannot prepare \(sql.prefix(60))…: \(connection.lastError)")
            }
            self.sql = sql
            self.handle = handle
            self.connection = connection
        }

        deinit { sqlite3_finalize(handle) }

        /// Binds `values`, steps to the end (rows read are dropped, as a lookup that finds nothing) and resets.
        /// Returns the first column of the first row, if it is an integer.
        @discardableResult
        func run(_ values: [Value] = []) throws -> Int64? {
            var first: Int64?
            try each(values) { row in
                if first == nil, sqlite3_column_type(row, 0) == SQLITE_INTEGER { first = sqlite3_column_int64(row, 0) }
            }
            return first
        }

        /// Binds `values` and calls `body` with the statement on every row, then resets.
        func each(_ values: [Value], _ body: (OpaquePointer) throws -> Void) throws {
            defer {
                sqlite3_reset(handle)
                sqlite3_clear_bindings(handle)
            }
            for (index, value) in values.enumerated() {
                let position = Int32(index + 1)
                switch value {
                case .int(let number): sqlite3_bind_int64(handle, position, number)
                case .text(let text): sqlite3_bind_text(handle, position, text, -1, RawSQLite.transient)
                case .blob(let bytes): sqlite3_bind_blob(handle, position, bytes, Int32(bytes.count), RawSQLite.transient)
                case .null: sqlite3_bind_null(handle, position)
                }
            }
            while true {
                switch sqlite3_step(handle) {
                case SQLITE_ROW:
                    try body(handle)
                case SQLITE_DONE:
                    return
                default:
                    throw CommandFailure("\(sql.prefix(60))…: \(connection.lastError)")
                }
            }
        }
    }

    fileprivate let handle: OpaquePointer

    init(path: String, readOnly: Bool = false) throws {
        var handle: OpaquePointer?
        let flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        guard sqlite3_open_v2(path, &handle, flags, nil) == SQLITE_OK, let handle else {
            sqlite3_close(handle)
            throw CommandFailure("cannot open \(path)")
        }
        self.handle = handle
        sqlite3_busy_timeout(handle, 5_000)
    }

    deinit { sqlite3_close_v2(handle) }

    func prepare(_ sql: String) throws -> Statement { try Statement(sql, self) }

    func execute(_ sql: String) throws {
        guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else {
            throw CommandFailure("\(sql.prefix(60)): \(lastError)")
        }
    }

    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    /// SQLITE_TRANSIENT (a macro Swift cannot see): SQLite copies the bound bytes.
    fileprivate static var transient: sqlite3_destructor_type { unsafeBitCast(-1, to: sqlite3_destructor_type.self) }
}

extension RawSQLite {
    /// `SELECT count(*)` of `table`, polled until it reaches `expected`: when the last row became
    /// visible to another connection (a dashboard's view), or nil after `limit`.
    func waitForRows(in table: String, reaching expected: Int, within limit: Duration) async throws -> ContinuousClock.Instant? {
        let count = try prepare("SELECT count(*) FROM \(table)")
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let rows = try count.run(), rows >= expected { return ContinuousClock.now }
            try await Task.sleep(for: .microseconds(200))
        }
        return nil
    }
}
