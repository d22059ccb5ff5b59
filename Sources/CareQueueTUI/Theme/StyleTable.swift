/// A role as the terminal draws it: a colour-pair number and attributes.
public struct ResolvedStyle: Hashable, Sendable {
    /// The curses colour pair; 0 is the terminal's default colours.
    public var pair: Int
    public var attributes: TextAttributes

    public init(pair: Int, attributes: TextAttributes) {
        self.pair = pair
        self.attributes = attributes
    }
}

/// A curses colour pair: palette indices, -1 for the terminal's default colour.
public struct ColorPair: Hashable, Sendable {
    public var foreground: Int
    public var background: Int

    public init(foreground: Int, background: Int) {
        self.foreground = foreground
        self.background = background
    }
}

/// Every role of a theme resolved for one terminal: its colour depth and pair budget.
///
/// Pairs are allocated per distinct (foreground, background), numbered from 1. The backend only
/// has to `init_pair` each entry of `pairs` and look roles up.
public struct StyleTable: Sendable, Equatable {
    public let depth: ColorDepth
    /// `pairs[i]` is colour pair `i + 1`.
    public let pairs: [ColorPair]
    private let styles: [StyleRole: ResolvedStyle]

    /// How `role` is drawn; roles outside the table draw as `normal`.
    public func style(for role: StyleRole) -> ResolvedStyle {
        styles[role] ?? styles[.normal] ?? ResolvedStyle(pair: 0, attributes: [])
    }

    /// Resolves every known role of `theme` for a terminal.
    ///
    /// - Parameters:
    ///   - depth: colours available; `.monochrome` uses `Theme.monochrome`'s attributes instead of
    ///     the theme, because a colour theme may tell roles apart by colour alone.
    ///   - maxPairs: curses `COLOR_PAIRS`; once exhausted, further roles fall back to default
    ///     colours plus the monochrome attributes, so they stay distinguishable.
    ///   - defaultColorsAvailable: false when `use_default_colors` failed: "default" then means
    ///     white on black.
    public static func resolve(theme: Theme, depth: ColorDepth, maxPairs: Int,
                               defaultColorsAvailable: Bool = true) -> StyleTable {
        var pairs: [ColorPair] = []
        var pairNumbers: [ColorPair: Int] = [:]
        var styles: [StyleRole: ResolvedStyle] = [:]
        let usablePairs = min(maxPairs, Int(Int16.max)) - 1
        for role in StyleRole.known {
            guard depth != .monochrome else {
                styles[role] = ResolvedStyle(pair: 0, attributes: Theme.monochrome.style(for: role).attributes)
                continue
            }
            let style = theme.style(for: role)
            let foreground = style.foreground?.degraded(to: depth)
            let background = style.background?.degraded(to: depth)
            var attributes = style.attributes.union(foreground?.foregroundAttributes ?? [])
            var colors = ColorPair(foreground: foreground?.index ?? -1, background: background?.index ?? -1)
            if !defaultColorsAvailable {
                if colors.foreground < 0 { colors.foreground = ANSIColor.white.rawValue }
                if colors.background < 0 { colors.background = ANSIColor.black.rawValue }
            }
            if colors.foreground >= 0, colors.foreground == colors.background {
                // Degradation merged two shades into one: keep the text readable.
                colors.foreground = readableForeground(on: colors.background, depth: depth)
            }
            if colors == ColorPair(foreground: -1, background: -1) {
                styles[role] = ResolvedStyle(pair: 0, attributes: attributes)
                continue
            }
            if let number = pairNumbers[colors] {
                styles[role] = ResolvedStyle(pair: number, attributes: attributes)
            } else if pairs.count < usablePairs {
                pairs.append(colors)
                pairNumbers[colors] = pairs.count
                styles[role] = ResolvedStyle(pair: pairs.count, attributes: attributes)
            } else {
                attributes.formUnion(Theme.monochrome.style(for: role).attributes)
                styles[role] = ResolvedStyle(pair: 0, attributes: attributes)
            }
        }
        return StyleTable(depth: depth, pairs: pairs, styles: styles)
    }

    private static func readableForeground(on background: Int, depth: ColorDepth) -> Int {
        let light = XtermPalette.rgb(ofIndex: background).luma >= 128
        if light { return ANSIColor.black.rawValue }
        return depth == .ansi8 ? ANSIColor.white.rawValue : ANSIColor.brightWhite.rawValue
    }
}
