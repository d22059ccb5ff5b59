/// Which store a command opens: a SQLite file (as always) or a PostgreSQL database.
public enum StoreLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresLocation)

    /// A `--db` or `$CAREQUEUE_DB` value: a `postgresql://` URL, else a SQLite path. Another
    /// scheme ("mysql://…", "sqlite://…") is refused rather than taken as a file of that name.
    public static func parse(_ text: String) throws(PostgresURLError) -> StoreLocation {
        if PostgresURL.isURL(text) { return .postgres(try PostgresURL.parse(text)) }
        if let scheme = PostgresURL.otherScheme(text) {
            throw PostgresURLError("\(scheme):// is not a store CareQueue opens: give a SQLite file path or a postgresql:// URL")
        }
        return .sqlite(path: text)
    }

    /// The path, or the redacted URL: safe for logs and messages.
    public var description: String {
        switch self {
        case .sqlite(let path): return path
        case .postgres(let location): return location.redacted
        }
    }
}
