import Foundation

/// The few expressions whose SQL differs between the engines, written once here.
extension SQLDialect {
    /// The stored instant `column` (text in `StoreTime`'s shape) plus a bound number of seconds,
    /// as text in the same shape.
    func storeTime(plusSecondsOf column: String) -> String {
        switch self {
        case .sqlite:
            return "strftime('%Y-%m-%dT%H:%M:%SZ', \(column), '+' || ? || ' seconds')"
        case .postgres:
            return "to_char((\(column))::timestamptz AT TIME ZONE 'UTC' + make_interval(secs => ?), 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
        }
    }

    /// The string at top-level `key` of the JSON object text in `column` (NULL when absent); `key`
    /// is a fixed name, never a value.
    func jsonString(_ column: String, key: String) -> String {
        switch self {
        case .sqlite: return "json_extract(\(column), '$.\(key)')"
        case .postgres: return "((\(column))::json ->> '\(key)')"
        }
    }

    /// SQLite's `INDEXED BY` (a plan it must use); PostgreSQL's planner picks its own.
    func indexedBy(_ index: String) -> String {
        self == .sqlite ? "INDEXED BY \(index)" : ""
    }
}
