import CareQueueCore
import Foundation

/// A theme file after the TOML-subset reader: section → key → (value text, line number).
public typealias ThemeSections = [String: [String: (value: String, line: Int)]]

/// Builds a `Theme` from a parsed theme file (`[palette]` and `[roles]`).
///
/// ```
/// [palette]
/// danger = "#d70000"        # or 0–255, or an ANSI colour name
/// [roles]
/// age.overdue = "danger bold"
/// queue.selected = "white on 24 bold"
/// ```
public enum ThemeFile {
    /// The theme in `sections`, named after `file` ("high-contrast.theme" → "high-contrast").
    ///
    /// - Throws: every problem found (unknown section, key or role, bad colour, bad attribute),
    ///   each with its line, in line order.
    public static func load(sections: ThemeSections, file: String) throws(ThemeFileError) -> Theme {
        var problems: [ThemeProblem] = []
        for (section, entries) in sections where section != "palette" && section != "roles" {
            for (key, entry) in entries {
                let message = section.isEmpty
                    ? "key '\(key)' is outside a section: theme files have [palette] and [roles]"
                    : "unknown section [\(section)] (key '\(key)'): theme files have [palette] and [roles]"
                problems.append(ThemeProblem(line: entry.line, message: message))
            }
        }

        var palette: [String: TerminalColor] = [:]
        for (key, entry) in sections["palette"] ?? [:] {
            let name = key.lowercased()
            if reservedWords.contains(name) {
                problems.append(ThemeProblem(line: entry.line, message: "palette name '\(key)' is reserved (default, on and attribute words cannot name colours)"))
                continue
            }
            do {
                palette[name] = try TerminalColor.parse(entry.value)
            } catch {
                problems.append(ThemeProblem(line: entry.line, message: "palette \(key): \(error.message)"))
            }
        }

        var roles: [StyleRole: Style] = [:]
        for (key, entry) in sections["roles"] ?? [:] {
            let role = StyleRole(key)
            guard role.isKnown else {
                problems.append(ThemeProblem(line: entry.line, message: unknownRoleMessage(key)))
                continue
            }
            do {
                roles[role] = try Style.parse(entry.value, palette: palette)
            } catch {
                problems.append(ThemeProblem(line: entry.line, message: "role \(key): \(error.message)"))
            }
        }

        guard problems.isEmpty else {
            throw ThemeFileError(file: file, problems: problems.sorted { ($0.line, $0.message) < ($1.line, $1.message) })
        }
        return Theme(name: themeName(for: file), palette: palette, roles: roles)
    }

    /// "themes/high-contrast.theme" → "high-contrast".
    public static func themeName(for file: String) -> String {
        let base = (file as NSString).lastPathComponent
        return base.hasSuffix(".theme") ? String(base.dropLast(".theme".count)) : base
    }

    private static let reservedWords: Set<String> = Set(["default", "on"] + TextAttributes.named.map(\.name))

    private static func unknownRoleMessage(_ key: String) -> String {
        let roles = StyleRole.known.map(\.rawValue)
        if let closest = ClosestName.suggestion(for: key, among: roles) {
            return "unknown role '\(key)' (did you mean '\(closest)'?)"
        }
        return "unknown role '\(key)' (roles: \(roles.joined(separator: ", ")))"
    }
}

/// One thing wrong in a theme file.
public struct ThemeProblem: Equatable, Sendable {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

/// A theme file that cannot be used; `description` is one `file:line: message` per problem.
public struct ThemeFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var problems: [ThemeProblem]

    public init(file: String, problems: [ThemeProblem]) {
        self.file = file
        self.problems = problems
    }

    public var description: String {
        problems.map { "\(file):\($0.line): \($0.message)" }.joined(separator: "\n")
    }
}
