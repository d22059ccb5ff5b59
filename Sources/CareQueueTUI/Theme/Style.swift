import Foundation

/// Text attributes a style can ask for.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let underline = TextAttributes(rawValue: 1 << 2)
    public static let reverse = TextAttributes(rawValue: 1 << 3)
    public static let italic = TextAttributes(rawValue: 1 << 4)

    /// The attribute words of a role spec, in the order they are written back.
    public static let named: [(name: String, attribute: TextAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("underline", .underline), ("reverse", .reverse), ("italic", .italic),
    ]

    /// The words for these attributes, in canonical order ("bold underline").
    public var names: [String] { TextAttributes.named.filter { contains($0.attribute) }.map(\.name) }
}

/// How a role looks: colours (nil = the terminal's default) and attributes.
public struct Style: Hashable, Sendable, CustomStringConvertible {
    public var foreground: TerminalColor?
    public var background: TerminalColor?
    public var attributes: TextAttributes

    public init(foreground: TerminalColor? = nil, background: TerminalColor? = nil, attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// The terminal's default colours, no attributes.
    public static let plain = Style()

    /// The style as a role spec with literal colours ("#d70000 on 236 bold").
    public var description: String {
        var words = [foreground?.description ?? "default"]
        if let background { words += ["on", background.description] }
        words += attributes.names
        return words.joined(separator: " ")
    }

    /// Parses a role spec: `"<fg> [on <bg>] [bold] [dim] [underline] [reverse] [italic]"`.
    ///
    /// Colours are names from `palette` (case-insensitive), ANSI names, `default`, or literal
    /// `#rrggbb` / `0`–`255`.
    public static func parse(_ spec: String, palette: [String: TerminalColor] = [:]) throws(StyleSpecError) -> Style {
        let words = spec.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard let first = words.first else {
            throw StyleSpecError(message: "empty style: expected \"<fg> [on <bg>] [bold] [dim] [underline] [reverse] [italic]\"")
        }
        if attribute(named: first) != nil {
            throw StyleSpecError(message: "style '\(spec)' starts with the attribute '\(first)': give the foreground colour first (\"default \(spec)\")")
        }
        if first.lowercased() == "on" {
            throw StyleSpecError(message: "style '\(spec)' starts with 'on': give the foreground colour first (\"default \(spec)\")")
        }
        var style = Style(foreground: try color(first, palette: palette))
        var index = 1
        if index < words.count, words[index].lowercased() == "on" {
            guard index + 1 < words.count else {
                throw StyleSpecError(message: "'on' in style '\(spec)' must be followed by a background colour")
            }
            style.background = try color(words[index + 1], palette: palette)
            index += 2
        }
        for word in words[index...] {
            if word.lowercased() == "on" {
                throw StyleSpecError(message: "'on <bg>' in style '\(spec)' must come right after the foreground colour")
            }
            guard let attribute = attribute(named: word) else {
                throw StyleSpecError(message: "unknown attribute '\(word)' in style '\(spec)': expected bold, dim, underline, reverse or italic")
            }
            style.attributes.insert(attribute)
        }
        return style
    }

    private static func attribute(named word: String) -> TextAttributes? {
        TextAttributes.named.first { $0.name == word.lowercased() }?.attribute
    }

    private static func color(_ word: String, palette: [String: TerminalColor]) throws(StyleSpecError) -> TerminalColor? {
        let key = word.lowercased()
        if key == "default" { return nil }
        if let named = palette[key] { return named }
        do {
            return try TerminalColor.parse(word)
        } catch {
            if word.hasPrefix("#") || word.first?.isNumber == true {
                throw StyleSpecError(message: error.message)
            }
            throw StyleSpecError(message: "unknown colour '\(word)': not in [palette], not an ANSI colour name, not 'default', #rrggbb or 0–255")
        }
    }
}

/// Why a role spec did not parse.
public struct StyleSpecError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
