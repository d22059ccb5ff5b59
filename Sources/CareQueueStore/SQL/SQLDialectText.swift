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

    /// The stored instant `expression` (text in `StoreTime`'s shape) as whole seconds since 1970.
    func epochSeconds(_ expression: String) -> String {
        switch self {
        case .sqlite: return "CAST(strftime('%s', \(expression)) AS INTEGER)"
        case .postgres: return "CAST(EXTRACT(EPOCH FROM CAST(\(expression) AS timestamptz)) AS BIGINT)"
        }
    }

    /// Member `key` (a fixed name) of the JSON object text in `column`, as text (NULL when absent).
    func jsonText(_ column: String, _ key: String) -> String {
        self == .sqlite ? "json_extract(\(column), '$.\(key)')" : "(CAST(\(column) AS json) ->> '\(key)')"
    }

    /// The same member as an integer: CareQueue writes ids in details as JSON strings ("12").
    func jsonInteger(_ column: String, _ key: String) -> String {
        self == .sqlite ? "CAST(json_extract(\(column), '$.\(key)') AS INTEGER)"
            : "CAST(CAST(\(column) AS json) ->> '\(key)' AS BIGINT)"
    }

    /// True when the text `column` contains the bound text (`instr`, PostgreSQL's `strpos`).
    func containsBound(_ column: String) -> String {
        self == .sqlite ? "instr(\(column), ?) > 0" : "strpos(\(column), ?) > 0"
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
