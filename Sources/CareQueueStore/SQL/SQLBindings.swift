import Foundation
import GRDB

/// One bound value. Its own type, not GRDB's `DatabaseValue`, so a message's raw bytes are bound
/// as the array they arrive in: a 16 MB report is copied by SQLite (or into PostgreSQL's buffer)
/// once, not first into a `Data` as well (the listener's memory bound counts every copy).
enum SQLValue {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case bytes([UInt8])
    case data(Data)

    /// GRDB's form, for statements GRDB runs (reads); copies `bytes`.
    var databaseValue: DatabaseValue {
        switch self {
        case .null: return .null
        case .integer(let int): return int.databaseValue
        case .real(let double): return double.databaseValue
        case .text(let text): return text.databaseValue
        case .bytes(let bytes): return Data(bytes).databaseValue
        case .data(let data): return data.databaseValue
        }
    }
}

/// The values of one statement, in placeholder order.
///
/// Plain enum values, not an array of existentials: the writer binds about sixty values per
/// derived message, and boxing each one in GRDB's `StatementArguments` was 13.5 % of its CPU.
struct SQLBindings {
    private(set) var values: [SQLValue] = []

    init() { values.reserveCapacity(16) }

    mutating func add(_ value: Int64) { values.append(.integer(value)) }

    mutating func add(_ value: Int) { add(Int64(value)) }

    mutating func add(_ value: Bool) { add(Int64(value ? 1 : 0)) }

    mutating func add(_ value: Double) { values.append(.real(value)) }

    mutating func add(_ value: String) { values.append(.text(value)) }

    mutating func add(_ bytes: [UInt8]) { values.append(.bytes(bytes)) }

    mutating func add(_ data: Data) { values.append(.data(data)) }

    mutating func add(_ value: Int64?) { if let value { add(value) } else { addNull() } }

    mutating func add(_ value: Int?) { if let value { add(value) } else { addNull() } }

    mutating func add(_ value: String?) { if let value { add(value) } else { addNull() } }

    mutating func add(_ value: Double?) { if let value { add(value) } else { addNull() } }

    mutating func add(_ value: Date) { add(StoreTime.text(value)) }

    mutating func add(_ value: Date?) { if let value { add(value) } else { addNull() } }

    mutating func addNull() { values.append(.null) }

    /// Values made ahead of the statement: a filter's, bound again by each query that shares it.
    mutating func add(_ values: [SQLValue]) { self.values += values }

    /// The values, leaving these bindings empty: the caller then holds the only reference and can
    /// free a large value (a 16 MB note's JSON) as soon as the database has copied it.
    mutating func take() -> [SQLValue] {
        defer { values = [] }
        return values
    }
}
