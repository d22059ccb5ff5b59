import CareQueueCore
import Foundation

/// Everything needed to open connections to a PostgreSQL store: where (`[store] url`, with its
/// TLS parameters) and the password looked up for it (never part of the location).
public struct PostgresSettings: Sendable, Equatable {
    public var location: PostgresLocation
    public var password: String?

    public init(location: PostgresLocation, password: String? = nil) {
        self.location = location
        self.password = password
    }

    /// The store as messages name it: never a password.
    public var redacted: String { location.redacted }

    /// Shown in the server's `pg_stat_activity` unless the URL names one.
    var applicationName: String { location.applicationName ?? "carequeue" }

    /// Seconds to wait for a connection (`connect_timeout`; 10 unless the URL says).
    var connectTimeout: Int { location.connectTimeout ?? 10 }
}
