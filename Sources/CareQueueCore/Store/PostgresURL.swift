/// Why a `postgresql://` URL was refused, in words that say what to write instead. Never quotes
/// the URL whole: a refused URL may hold a password.
public struct PostgresURLError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Reads `postgresql://[user@]host[:port][/database][?parameters]` (or `postgres://`) as libpq
/// does, less what CareQueue refuses: a password in the URL (it would sit in shell history, `ps`
/// and configuration backups), several hosts, and parameters it would silently ignore.
public enum PostgresURL {
    public static let schemes = ["postgresql://", "postgres://"]

    /// The query parameters read; any other is refused by name.
    public static let parameters = ["sslmode", "sslrootcert", "application_name", "connect_timeout", "host"]

    static let passwordAdvice = "put the password in the file [store] password_file names, or in a .pgpass file ($PGPASSFILE or ~/.pgpass)"

    /// True when `text` is meant as a PostgreSQL URL (its scheme says so), whether or not it is a good one.
    public static func isURL(_ text: String) -> Bool {
        schemes.contains { text.lowercased().hasPrefix($0) }
    }

    /// The scheme of `text` when it looks like some URL ("mysql" in "mysql://…"), for refusing
    /// what is neither a path nor a PostgreSQL URL.
    public static func otherScheme(_ text: String) -> String? {
        guard let end = text.range(of: "://"), !isURL(text) else { return nil }
        let scheme = text[..<end.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+.-".contains($0)) }) else { return nil }
        return String(scheme)
    }

    public static func parse(_ text: String) throws(PostgresURLError) -> PostgresLocation {
        guard let scheme = schemes.first(where: { text.lowercased().hasPrefix($0) }) else {
            throw PostgresURLError("not a PostgreSQL URL: it must start with postgresql:// (or postgres://)")
        }
        var rest = Substring(text.dropFirst(scheme.count))
        // First of all, so that no later message can echo part of a password.
        try refusePassword(in: rest)
        if rest.contains("#") { throw PostgresURLError("a PostgreSQL URL has no #fragment") }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        let (userPart, hostPart) = splitUserInfo(rest)
        let parameters = try readParameters(query)
        let user = try decoded(userPart, "user name")
        guard !user.isEmpty else {
            throw PostgresURLError("the URL names no user: write it as postgresql://USER@HOST:PORT/DATABASE")
        }
        let (urlHost, port) = try readHostPort(hostPart)
        let host = try chooseHost(urlHost: urlHost, socketDirectory: parameters["host"])
        // libpq would take "a/b" as the database "a/b"; more likely a mistake, so it is said.
        guard !path.contains("/") else {
            throw PostgresURLError("the database name \"\(path)\" holds a \"/\"; write it as %2F if the name really does")
        }
        let database = try decoded(path, "database name")
        return PostgresLocation(
            user: user, host: host, port: port, database: database.isEmpty ? nil : database,
            sslMode: try sslMode(parameters["sslmode"]), sslRootCert: try nonEmpty(parameters["sslrootcert"], "sslrootcert"),
            applicationName: parameters["application_name"], connectTimeout: try timeout(parameters["connect_timeout"]))
    }

    /// "user@host:port" → ("user", "host:port").
    private static func splitUserInfo(_ authority: Substring) -> (Substring, Substring) {
        guard let at = authority.lastIndex(of: "@") else { return ("", authority) }
        return (authority[..<at], authority[authority.index(after: at)...])
    }

    /// `user:secret@`, also when the secret holds an unescaped "/", "?" or "#" that would end the
    /// authority early: a colon anywhere before the first "@" of a URL whose authority has none.
    /// A stray "@" later in a URL with a port is refused too, and the message says so.
    private static func refusePassword(in rest: Substring) throws(PostgresURLError) {
        let authority = rest.prefix { !"/?#".contains($0) }
        if let at = authority.lastIndex(of: "@"), authority[..<at].contains(":") {
            throw PostgresURLError("the URL holds a password (user:password@): a password never goes in the URL; \(passwordAdvice)")
        }
        if !authority.contains("@"), let at = rest.firstIndex(of: "@"), rest[..<at].contains(":") {
            throw PostgresURLError("the URL seems to hold a password (user:password@), or an \"@\" to write as %40: "
                + "a password never goes in the URL; \(passwordAdvice)")
        }
    }

    private static func readParameters(_ query: Substring) throws(PostgresURLError) -> [String: String] {
        var parameters: [String: String] = [:]
        var unknown: [String] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decoded(parts[0], "parameter name")
            if name == "password" {
                throw PostgresURLError("the URL holds a password (?password=): a password never goes in the URL; \(passwordAdvice)")
            }
            guard parts.count == 2 else { throw PostgresURLError("parameter \(name) has no value (write \(name)=VALUE)") }
            guard Self.parameters.contains(name) else {
                if !unknown.contains(name) { unknown.append(name) }
                continue
            }
            guard parameters[name] == nil else { throw PostgresURLError("parameter \(name) is given twice") }
            parameters[name] = try decoded(parts[1], "value of \(name)")
        }
        guard unknown.isEmpty else {
            let named = unknown.map { "\"\($0)\"" }.joined(separator: ", ")
            throw PostgresURLError("unknown URL parameter\(unknown.count == 1 ? "" : "s") \(named); valid: \(Self.parameters.joined(separator: ", "))")
        }
        return parameters
    }

    /// "host", "host:port", "[::1]:port" or ":port"; an empty host is returned as "".
    private static func readHostPort(_ text: Substring) throws(PostgresURLError) -> (host: String, port: Int) {
        if text.contains(",") {
            throw PostgresURLError("the URL names several hosts (\(text)): CareQueue connects to one; name one host")
        }
        var hostText = text, portText: Substring? = nil
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else {
                throw PostgresURLError("an IPv6 address in the URL lacks its closing \"]\"")
            }
            hostText = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw PostgresURLError("expected :PORT after the IPv6 address [\(hostText)]") }
                portText = after.dropFirst()
            }
            guard hostText.contains(":") else { throw PostgresURLError("[\(hostText)] is not an IPv6 address") }
        } else if let colon = text.lastIndex(of: ":") {
            hostText = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        var port = PostgresLocation.defaultPort
        if let portText {
            guard let number = wholeNumber(portText), (1...65_535).contains(number) else {
                throw PostgresURLError("the port must be a number 1–65535")
            }
            port = number
        }
        return (try decoded(hostText, "host name"), port)
    }

    /// The URL's host, or a socket directory given as `?host=/path` when the URL names none.
    private static func chooseHost(urlHost: String, socketDirectory: String?) throws(PostgresURLError) -> String {
        switch (urlHost.isEmpty, socketDirectory) {
        case (false, nil): return urlHost
        case (true, .some(let directory)) where directory.hasPrefix("/"): return directory
        case (true, .some(let other)):
            throw PostgresURLError("host=\(other) must be a socket directory (an absolute path such as /var/run/postgresql); put a host name after @")
        case (false, .some):
            throw PostgresURLError("the URL names a host (\(urlHost)) and a socket directory (host=): give one")
        case (true, nil):
            throw PostgresURLError("the URL names no host: write postgresql://USER@HOST/DATABASE, or postgresql://USER@/DATABASE?host=/var/run/postgresql for a Unix socket")
        }
    }

    private static func sslMode(_ text: String?) throws(PostgresURLError) -> PostgresSSLMode {
        guard let text else { return .libpqDefault }
        guard let mode = PostgresSSLMode(rawValue: text) else {
            throw PostgresURLError("sslmode \"\(text)\" is not one of \(PostgresSSLMode.spelledChoices)")
        }
        return mode
    }

    private static func timeout(_ text: String?) throws(PostgresURLError) -> Int? {
        guard let text else { return nil }
        guard let seconds = wholeNumber(Substring(text)), seconds >= 1 else {
            throw PostgresURLError("connect_timeout \"\(text)\" must be a whole number of seconds, at least 1")
        }
        return seconds
    }

    /// Digits only: `Int` alone would also take "+5" and "-0".
    private static func wholeNumber(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    private static func nonEmpty(_ text: String?, _ name: String) throws(PostgresURLError) -> String? {
        guard let text else { return nil }
        guard !text.isEmpty else { throw PostgresURLError("\(name) must not be empty") }
        return text
    }

    private static func decoded(_ text: Substring, _ what: String) throws(PostgresURLError) -> String {
        guard let value = PercentEncoding.decode(text) else {
            throw PostgresURLError("the \(what) holds a bad %-escape (write %XX with two hex digits, over UTF-8)")
        }
        return value
    }
}
