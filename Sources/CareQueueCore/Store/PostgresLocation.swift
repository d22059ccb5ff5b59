import Foundation

/// Where a PostgreSQL store lives, read from a `postgresql://` URL (`PostgresURL.parse`). It holds
/// no password, ever: the URL may not carry one, and the password is looked up when connecting
/// (`PostgresPassword`).
public struct PostgresLocation: Sendable, Equatable {
    public static let defaultPort = 5432

    public var user: String
    /// A host name or IP address (IPv6 without brackets), or a directory holding the server's
    /// Unix socket (starts with "/").
    public var host: String
    public var port: Int
    public var database: String
    public var sslMode: PostgresSSLMode
    /// PEM file of the CA certificates trusted for `verify-ca` and `verify-full`.
    public var sslRootCert: String?
    /// Shown in `pg_stat_activity`; nil leaves it to the driver.
    public var applicationName: String?
    /// Seconds to wait for the connection; nil leaves it to the driver.
    public var connectTimeout: Int?

    public init(user: String, host: String, port: Int = defaultPort, database: String? = nil,
                sslMode: PostgresSSLMode = .libpqDefault, sslRootCert: String? = nil,
                applicationName: String? = nil, connectTimeout: Int? = nil) {
        self.user = user
        self.host = host
        self.port = port
        self.database = database ?? user
        self.sslMode = sslMode
        self.sslRootCert = sslRootCert
        self.applicationName = applicationName
        self.connectTimeout = connectTimeout
    }

    /// The socket directory when `host` is one.
    public var socketDirectory: String? { host.hasPrefix("/") ? host : nil }

    /// The socket file the server listens on in `socketDirectory` (PostgreSQL's own naming).
    public var socketPath: String? { socketDirectory.map { "\($0)/.s.PGSQL.\(port)" } }

    /// A file name for what one host keeps about this database (its audit anchor, its listener
    /// lock): server, port and database, with anything but letters, digits, `-` and `.` as `_`.
    public var localFileName: String {
        "postgres-\(host)-\(port)-\(database)"
            .map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? String($0) : "_" }.joined()
    }

    /// `localFileName` in this host's state `directory`: the path each of those files adds its
    /// suffix to (`-audit-anchor`, `-listener.lock`, the dashboard's log).
    public func localPath(in directory: String) -> String {
        (directory as NSString).appendingPathComponent(localFileName)
    }

    /// `postgresql://user@host:port/db` for logs, status and error messages: who, where, which
    /// database, and no parameters (there is no password to hide; the name says it is safe to print).
    public var redacted: String {
        let user = PercentEncoding.encode(self.user), database = PercentEncoding.encode(self.database)
        guard let socketDirectory else {
            let host = self.host.contains(":") ? "[\(PercentEncoding.encode(self.host, keeping: [":"]))]" : PercentEncoding.encode(self.host)
            return "postgresql://\(user)@\(host):\(port)/\(database)"
        }
        return "postgresql://\(user)@:\(port)/\(database)?host=\(PercentEncoding.encode(socketDirectory, keeping: ["/"]))"
    }

    /// The whole URL, every parameter that differs from nothing written out (`sslmode` always), so
    /// that `config check --show` prints what `PostgresURL.parse` reads back to this same value.
    public var canonical: String {
        var parameters: [(String, String)] = []
        if let socketDirectory { parameters.append(("host", socketDirectory)) }
        parameters.append(("sslmode", sslMode.rawValue))
        if let sslRootCert { parameters.append(("sslrootcert", sslRootCert)) }
        if let applicationName { parameters.append(("application_name", applicationName)) }
        if let connectTimeout { parameters.append(("connect_timeout", "\(connectTimeout)")) }
        let query = parameters.map { "\($0.0)=\(PercentEncoding.encode($0.1, keeping: ["/"]))" }.joined(separator: "&")
        let base = redacted.split(separator: "?", maxSplits: 1)[0]
        return "\(base)?\(query)"
    }
}
