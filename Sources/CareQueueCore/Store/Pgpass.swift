/// libpq's password file (`~/.pgpass`, `$PGPASSFILE`): lines `hostname:port:database:username:password`,
/// `*` alone matching any value, `\:` and `\\` for a literal colon or backslash, `#` comments. The
/// first line matching the connection wins, as in libpq.
public enum Pgpass {
    public struct Match: Sendable, Equatable {
        /// Empty means no password, as libpq treats it.
        public var password: String
        /// 1-based, for `config check` ("~/.pgpass line 3").
        public var line: Int

        public init(password: String, line: Int) {
            self.password = password
            self.line = line
        }
    }

    /// The first line of `text` that matches `location`, or nil.
    public static func match(_ text: String, for location: PostgresLocation) -> Match? {
        let wanted = [hostNames(location), ["\(location.port)"], [location.database], [location.user]]
        var number = 0
        // `isNewline`, not "\n": a Windows "\r\n" is one Character, which "\n" would not split.
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            guard !line.isEmpty, !line.hasPrefix("#"), let fields = fields(line) else { continue }
            let matches = zip(fields.fields, wanted).allSatisfy { field, values in
                field == .any || values.contains { field == .literal($0) }
            }
            if matches { return Match(password: fields.password, line: number) }
        }
        return nil
    }

    /// The names a line's hostname field may give for `location`: the host as written in the URL;
    /// for a Unix socket also `localhost`, which libpq matches for its default socket directory.
    private static func hostNames(_ location: PostgresLocation) -> [String] {
        location.socketDirectory == nil ? [location.host] : [location.host, "localhost"]
    }

    enum Field: Equatable {
        case any
        case literal(String)
    }

    struct Line: Equatable {
        var fields: [Field]
        var password: String
    }

    /// Four fields and the password after them, escapes removed; nil for a line with fewer fields
    /// (libpq skips it). The password ends at the next unescaped colon, as in libpq.
    static func fields(_ line: Substring) -> Line? {
        var fields: [Field] = []
        var current = "", escaped = false, sawEscape = false
        for character in line {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
                sawEscape = true
            } else if character == ":" {
                if fields.count == 4 { break }
                // Only a bare `*` is the wildcard; `\*` is a literal star.
                fields.append(current == "*" && !sawEscape ? .any : .literal(current))
                current = ""
                sawEscape = false
            } else {
                current.append(character)
            }
        }
        // libpq keeps a backslash that ends the line.
        if escaped { current.append("\\") }
        guard fields.count == 4 else { return nil }
        return Line(fields: fields, password: current)
    }
}
