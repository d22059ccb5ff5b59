/// A PostgreSQL password could not be had from the file the configuration names.
public struct PostgresPasswordError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Where the password for a PostgreSQL store comes from, never the URL or the command line:
/// `[store] password_file` (the whole file) wins; else the .pgpass file `$PGPASSFILE` names, else
/// `~/.pgpass`, read as libpq reads it. No password at all is fine (trust or peer authentication).
public struct PostgresPassword: Sendable, Equatable, CustomStringConvertible {
    public enum Source: Sendable, Equatable {
        case passwordFile(path: String)
        /// `viaEnvironment`: the file `$PGPASSFILE` names rather than `~/.pgpass`.
        case pgpass(path: String, viaEnvironment: Bool, line: Int)
        /// A .pgpass file was read, and no line of it matches this connection.
        case noMatchingLine(path: String)
        case none
    }

    /// nil: connect without one.
    public var password: String?
    public var source: Source
    /// Said to the user (stderr, the log) but no reason to stop: a .pgpass file ignored because
    /// others may read it, as libpq warns.
    public var warnings: [String]

    public init(password: String?, source: Source, warnings: [String]) {
        self.password = password
        self.source = source
        self.warnings = warnings
    }

    /// Where the password comes from in words, never the password: "password_file /etc/cq/pg.pw",
    /// "PGPASSFILE /srv/pgpass line 3", "~/.pgpass line 1", "none".
    public var sourceText: String {
        switch source {
        case .passwordFile(let path): return "password_file \(path)"
        case .pgpass(let path, true, let line): return "PGPASSFILE \(path) line \(line)"
        case .pgpass(_, false, let line): return "~/.pgpass line \(line)"
        case .noMatchingLine(let path): return "none (no line of \(path) matches)"
        case .none: return "none"
        }
    }

    /// Interpolating a lookup prints where the password comes from, never the password.
    public var description: String { sourceText }

    /// Looks the password up for `location`. `read` reads a file (see `SecretFile`); `environment`
    /// gives `PGPASSFILE` and `HOME`. Throws only when `[store] password_file` cannot give one.
    public static func lookUp(for location: PostgresLocation, passwordFile: String?, environment: [String: String],
                              read: (String) -> SecretFile) throws(PostgresPasswordError) -> PostgresPassword {
        if let passwordFile { return try fromPasswordFile(passwordFile, read: read) }
        let viaEnvironment = !(environment["PGPASSFILE"] ?? "").isEmpty
        guard let path = viaEnvironment ? environment["PGPASSFILE"] : environment["HOME"].map({ $0 + "/.pgpass" }) else {
            return PostgresPassword(password: nil, source: .none, warnings: [])
        }
        switch read(path) {
        case .missing:
            return PostgresPassword(password: nil, source: .none, warnings: [])
        case .unreadable(let reason):
            return PostgresPassword(password: nil, source: .none, warnings: ["password file \"\(path)\" cannot be read: \(reason)"])
        case .read(_, false, _):
            return PostgresPassword(password: nil, source: .none, warnings: ["password file \"\(path)\" is not a plain file"])
        case .read(_, true, true):
            // libpq's own words, so a DBA recognises it.
            return PostgresPassword(password: nil, source: .none, warnings: [
                "password file \"\(path)\" has group or world access; permissions should be u=rw (0600) or less; it is ignored"])
        case .read(let text, true, false):
            guard let match = Pgpass.match(text, for: location) else {
                return PostgresPassword(password: nil, source: .noMatchingLine(path: path), warnings: [])
            }
            return PostgresPassword(password: match.password.isEmpty ? nil : match.password,
                                    source: .pgpass(path: path, viaEnvironment: viaEnvironment, line: match.line), warnings: [])
        }
    }

    /// The whole file, less the line ending an editor adds; missing, unreadable or empty stops the
    /// command, since the configuration asked for it.
    private static func fromPasswordFile(_ path: String, read: (String) -> SecretFile) throws(PostgresPasswordError) -> PostgresPassword {
        let text: String, shared: Bool
        switch read(path) {
        case .missing: throw PostgresPasswordError("[store] password_file \(path) does not exist")
        case .unreadable(let reason): throw PostgresPasswordError("[store] password_file \(path) cannot be read: \(reason)")
        case .read(_, false, _): throw PostgresPasswordError("[store] password_file \(path) is not a plain file")
        case .read(let contents, true, let others): (text, shared) = (contents, others)
        }
        var password = Substring(text)
        // `isNewline`: "\r\n" is one Character, equal to neither "\r" nor "\n".
        while let last = password.last, last.isNewline { password = password.dropLast() }
        guard !password.isEmpty else { throw PostgresPasswordError("[store] password_file \(path) is empty") }
        // Named explicitly, so used; but said, as libpq says it of a .pgpass file.
        let warnings = shared ? ["[store] password_file \(path) has group or world access; permissions should be u=rw (0600) or less"] : []
        return PostgresPassword(password: String(password), source: .passwordFile(path: path), warnings: warnings)
    }
}
