/// A colour scheme: named colours (the palette) and a style per role.
///
/// A role the theme does not set falls back to the built-in default theme, so a theme file may
/// restyle only what it cares about. Roles unknown to both draw as `normal`.
public struct Theme: Sendable, Equatable {
    public var name: String
    /// Colour names (lower-case) to colours, as `[palette]` declared them.
    public var palette: [String: TerminalColor]
    /// The roles this theme sets itself.
    public var roles: [StyleRole: Style]

    public init(name: String, palette: [String: TerminalColor] = [:], roles: [StyleRole: Style] = [:]) {
        self.name = name
        self.palette = palette
        self.roles = roles
    }

    /// The style of `role`: this theme's, else the built-in default's, else `normal`'s.
    public func style(for role: StyleRole) -> Style {
        if let own = roles[role] { return own }
        if let fallback = Theme.standard.roles[role] { return fallback }
        return roles[.normal] ?? Theme.standard.roles[.normal] ?? .plain
    }

    /// Builds a theme from role-spec text (what built-in themes are written in).
    ///
    /// - Throws: the first palette or spec error, prefixed with the key it belongs to.
    public static func build(name: String, palette: [String: String], roles: [StyleRole: String]) throws(StyleSpecError) -> Theme {
        var colors: [String: TerminalColor] = [:]
        for (key, value) in palette {
            do {
                colors[key.lowercased()] = try TerminalColor.parse(value)
            } catch {
                throw StyleSpecError(message: "palette \(key): \(error.message)")
            }
        }
        var styles: [StyleRole: Style] = [:]
        for (role, spec) in roles {
            do {
                styles[role] = try Style.parse(spec, palette: colors)
            } catch {
                throw StyleSpecError(message: "role \(role): \(error.message)")
            }
        }
        return Theme(name: name, palette: colors, roles: styles)
    }
}
