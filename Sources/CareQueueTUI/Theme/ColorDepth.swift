/// How many colours the terminal can show; themes degrade to it.
public enum ColorDepth: Int, Sendable, Hashable, Comparable, CaseIterable {
    /// No colour at all (`NO_COLOR`, or a terminal without colours): attributes only.
    case monochrome = 0
    case ansi8 = 8
    case ansi16 = 16
    case xterm256 = 256

    /// The depth a terminal reporting `colors` (terminfo `colors`, curses `COLORS`) supports.
    public init(terminalColors colors: Int) {
        switch colors {
        case 256...: self = .xterm256
        case 16...: self = .ansi16
        case 8...: self = .ansi8
        default: self = .monochrome
        }
    }

    /// The depth to use: monochrome when `NO_COLOR` is set to anything but "" (no-color.org),
    /// otherwise what the terminal reports.
    public static func detect(terminalColors colors: Int, environment: [String: String]) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        return ColorDepth(terminalColors: colors)
    }

    public static func < (lhs: ColorDepth, rhs: ColorDepth) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A colour mapped onto a terminal's palette, with any attribute a foreground needs to make up
/// for the lost shade (a bright colour on an 8-colour terminal is its base colour in bold).
public struct DegradedColor: Hashable, Sendable {
    /// Palette index to give curses (0–255).
    public var index: Int
    /// Attributes to add when this colour is a foreground.
    public var foregroundAttributes: TextAttributes

    public init(index: Int, foregroundAttributes: TextAttributes = []) {
        self.index = index
        self.foregroundAttributes = foregroundAttributes
    }
}

extension TerminalColor {
    /// This colour on a terminal of `depth`; nil on a monochrome one.
    ///
    /// 256: ANSI and indexed colours as they are, RGB to the nearest cube or grey entry.
    /// 16: RGB and extended indices to the nearest of the 16 ANSI colours (xterm's RGB).
    /// 8: as 16, then a bright colour becomes its base colour in bold — except bright black
    /// (grey), which becomes dim white rather than a black that vanishes on a dark background.
    public func degraded(to depth: ColorDepth) -> DegradedColor? {
        switch depth {
        case .monochrome:
            return nil
        case .xterm256:
            switch self {
            case .ansi(let color): return DegradedColor(index: color.rawValue)
            case .indexed(let index): return DegradedColor(index: Int(index))
            case .rgb: return DegradedColor(index: XtermPalette.nearestExtendedIndex(to: rgb))
            }
        case .ansi16:
            return DegradedColor(index: ansiIndex(among: 16))
        case .ansi8:
            switch self {
            case .ansi, .indexed(0..<16):
                let index = ansiIndex(among: 16)
                if index == ANSIColor.brightBlack.rawValue {
                    return DegradedColor(index: ANSIColor.white.rawValue, foregroundAttributes: .dim)
                }
                return DegradedColor(index: index % 8, foregroundAttributes: index >= 8 ? .bold : [])
            case .indexed, .rgb:
                return DegradedColor(index: XtermPalette.nearestANSIIndex(to: rgb, among: 8))
            }
        }
    }

    private func ansiIndex(among count: Int) -> Int {
        switch self {
        case .ansi(let color): return color.rawValue
        case .indexed(let index) where index < 16: return Int(index)
        default: return XtermPalette.nearestANSIIndex(to: rgb, among: count)
        }
    }
}
