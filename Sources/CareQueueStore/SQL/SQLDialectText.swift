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

    /// SQLite's `INDEXED BY` (a plan it must use); PostgreSQL's planner picks its own.
    func indexedBy(_ index: String) -> String {
        self == .sqlite ? "INDEXED BY \(index)" : ""
    }
}

extension SQLDialect {
    /// The larger of two expressions (SQLite's scalar `max`, PostgreSQL's `GREATEST`). On NULL they
    /// differ (SQLite answers NULL, PostgreSQL ignores it): use on operands that are never NULL, or
    /// where both answers read the same.
    func greatest(_ a: String, _ b: String) -> String {
        self == .sqlite ? "max(\(a), \(b))" : "GREATEST(\(a), \(b))"
    }
}
