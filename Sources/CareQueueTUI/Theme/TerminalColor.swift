/// The 16 ANSI colours, in terminal index order (0–15).
public enum ANSIColor: Int, CaseIterable, Sendable, Hashable {
    case black, red, green, yellow, blue, magenta, cyan, white
    case brightBlack, brightRed, brightGreen, brightYellow, brightBlue, brightMagenta, brightCyan, brightWhite

    /// The name theme files use: `red`, `bright-red`.
    public var name: String {
        let base = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"][rawValue % 8]
        return rawValue < 8 ? base : "bright-\(base)"
    }

    /// The colour named `name`: `red`, `bright-red` (also `bright_red`, `brightred`), `grey`/`gray`
    /// for bright black. Case-insensitive.
    public init?(name: String) {
        let key = name.lowercased().replacingOccurrences(of: "_", with: "-")
        if key == "grey" || key == "gray" {
            self = .brightBlack
            return
        }
        let normalised = key.hasPrefix("bright") && !key.hasPrefix("bright-")
            ? "bright-" + key.dropFirst("bright".count) : Substring(key)
        guard let match = ANSIColor.allCases.first(where: { $0.name == normalised }) else { return nil }
        self = match
    }

    /// True for the eight bright variants.
    public var isBright: Bool { rawValue >= 8 }
}

/// A colour as a theme names it.
public enum TerminalColor: Sendable, Hashable, CustomStringConvertible {
    /// One of the 16 ANSI colours (exact on every colour terminal, whatever its palette).
    case ansi(ANSIColor)
    /// An xterm-256 palette index (0–255).
    case indexed(UInt8)
    /// A 24-bit colour, shown as the nearest palette entry the terminal has.
    case rgb(UInt8, UInt8, UInt8)

    public var description: String {
        switch self {
        case .ansi(let color): return color.name
        case .indexed(let index): return String(index)
        case .rgb(let r, let g, let b): return "#" + [r, g, b].map { hex2($0) }.joined()
        }
    }

    /// Parses `#rrggbb`, a palette index `0`–`255`, or an ANSI colour name.
    public static func parse(_ text: String) throws(ColorParseError) -> TerminalColor {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("#") {
            let digits = trimmed.dropFirst()
            guard digits.count == 6, let value = UInt32(digits, radix: 16) else {
                throw ColorParseError(message: "bad colour '\(trimmed)': expected #rrggbb with six hex digits")
            }
            return .rgb(UInt8(value >> 16), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF))
        }
        if let first = trimmed.first, first.isASCII, first.isNumber {
            guard trimmed.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(trimmed) else {
                throw ColorParseError(message: "bad colour '\(trimmed)': expected a palette index 0–255")
            }
            guard (0...255).contains(number) else {
                throw ColorParseError(message: "colour \(number) is out of range: palette indices are 0–255")
            }
            return .indexed(UInt8(number))
        }
        if let ansi = ANSIColor(name: trimmed) { return .ansi(ansi) }
        throw ColorParseError(message: "unknown colour '\(trimmed)': expected #rrggbb, 0–255 or an ANSI colour name (\(ANSIColor.allCases.map(\.name).joined(separator: ", ")))")
    }

    /// The colour's RGB value (ANSI colours at xterm's default palette).
    public var rgb: RGB {
        switch self {
        case .ansi(let color): return XtermPalette.rgb(ofIndex: color.rawValue)
        case .indexed(let index): return XtermPalette.rgb(ofIndex: Int(index))
        case .rgb(let r, let g, let b): return RGB(r, g, b)
        }
    }
}

/// Why a colour value did not parse.
public struct ColorParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// A 24-bit colour.
public struct RGB: Hashable, Sendable {
    public var red: Int
    public var green: Int
    public var blue: Int

    public init(_ red: Int, _ green: Int, _ blue: Int) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.init(Int(red), Int(green), Int(blue))
    }

    /// A perceptual-ish squared distance ("redmean": weights green most, red and blue by how red
    /// the pair is), good enough to pick the nearest terminal colour.
    public func distanceSquared(to other: RGB) -> Int {
        let meanRed = (red + other.red) / 2
        let dr = red - other.red, dg = green - other.green, db = blue - other.blue
        // Swift's >> binds tighter than *: the products are parenthesised before scaling.
        return (((512 + meanRed) * dr * dr) >> 8) + 4 * dg * dg + (((767 - meanRed) * db * db) >> 8)
    }

    /// Relative brightness 0–255 (Rec. 601 luma), to pick a readable text colour on a background.
    public var luma: Int { (299 * red + 587 * green + 114 * blue) / 1000 }
}

private func hex2(_ value: UInt8) -> String {
    let digits = Array("0123456789abcdef")
    return String([digits[Int(value >> 4)], digits[Int(value & 0xF)]])
}
