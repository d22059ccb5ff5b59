import CareQueueTUI
import Testing

struct DegradeCase: CustomTestStringConvertible, Sendable {
    var name: String
    var color: TerminalColor
    var depth: ColorDepth
    var index: Int
    var attributes: TextAttributes = []
    var testDescription: String { name }
}

@Suite("Colour degradation")
struct ColorDegradationTests {
    static let cases: [DegradeCase] = [
        DegradeCase(name: "#d70000 is cube entry 160 in 256", color: .rgb(0xD7, 0, 0), depth: .xterm256, index: 160),
        DegradeCase(name: "#d70000 is red in 16", color: .rgb(0xD7, 0, 0), depth: .ansi16, index: 1),
        DegradeCase(name: "#d70000 is red in 8", color: .rgb(0xD7, 0, 0), depth: .ansi8, index: 1),
        DegradeCase(name: "#ff8700 is 208 in 256", color: .rgb(0xFF, 0x87, 0), depth: .xterm256, index: 208),
        DegradeCase(name: "#5faf5f is 71 in 256", color: .rgb(0x5F, 0xAF, 0x5F), depth: .xterm256, index: 71),
        DegradeCase(name: "mid grey #808080 is grey 244 in 256", color: .rgb(0x80, 0x80, 0x80), depth: .xterm256, index: 244),
        DegradeCase(name: "mid grey is bright black in 16", color: .rgb(0x80, 0x80, 0x80), depth: .ansi16, index: 8),
        DegradeCase(name: "mid grey is white (not black) in 8", color: .rgb(0x80, 0x80, 0x80), depth: .ansi8, index: 7),
        DegradeCase(name: "dark grey #303030 is grey 236 in 256", color: .rgb(0x30, 0x30, 0x30), depth: .xterm256, index: 236),
        DegradeCase(name: "dark grey is black in 16", color: .rgb(0x30, 0x30, 0x30), depth: .ansi16, index: 0),
        DegradeCase(name: "near white #eeeeee is grey 255 in 256", color: .rgb(0xEE, 0xEE, 0xEE), depth: .xterm256, index: 255),
        DegradeCase(name: "pure white is the cube's 231 in 256", color: .rgb(0xFF, 0xFF, 0xFF), depth: .xterm256, index: 231),
        DegradeCase(name: "index 196 is bright red in 16", color: .indexed(196), depth: .ansi16, index: 9),
        DegradeCase(name: "index 196 is red in 8", color: .indexed(196), depth: .ansi8, index: 1),
        DegradeCase(name: "index 21 (pure blue) is blue in 16", color: .indexed(21), depth: .ansi16, index: 4),
        DegradeCase(name: "ANSI colour keeps its index in 256", color: .ansi(.brightCyan), depth: .xterm256, index: 14),
        DegradeCase(name: "indices below 16 are kept in 16", color: .indexed(9), depth: .ansi16, index: 9),
        DegradeCase(name: "bright red is bold red in 8", color: .ansi(.brightRed), depth: .ansi8, index: 1, attributes: .bold),
        DegradeCase(name: "bright black is dim white in 8", color: .ansi(.brightBlack), depth: .ansi8, index: 7, attributes: .dim),
        DegradeCase(name: "plain ANSI colour unchanged in 8", color: .ansi(.yellow), depth: .ansi8, index: 3),
    ]

    @Test("degradation", arguments: cases)
    func degrade(_ example: DegradeCase) {
        #expect(example.color.degraded(to: example.depth)
            == DegradedColor(index: example.index, foregroundAttributes: example.attributes))
    }

    @Test("no colour at all on a monochrome terminal", arguments: [TerminalColor.rgb(1, 2, 3), .indexed(7), .ansi(.red)])
    func monochrome(_ color: TerminalColor) {
        #expect(color.degraded(to: .monochrome) == nil)
    }

    @Test("palette RGB: cube, greys and the 16 ANSI colours")
    func paletteRGB() {
        #expect(XtermPalette.rgb(ofIndex: 160) == RGB(215, 0, 0))
        #expect(XtermPalette.rgb(ofIndex: 16) == RGB(0, 0, 0))
        #expect(XtermPalette.rgb(ofIndex: 231) == RGB(255, 255, 255))
        #expect(XtermPalette.rgb(ofIndex: 232) == RGB(8, 8, 8))
        #expect(XtermPalette.rgb(ofIndex: 255) == RGB(238, 238, 238))
        #expect(XtermPalette.rgb(ofIndex: 1) == RGB(205, 0, 0))
    }

    @Test("every palette index maps to itself in 256 colours")
    func extendedIndicesAreFixedPoints() {
        for index in 16...255 {
            let rgb = XtermPalette.rgb(ofIndex: index)
            let again = XtermPalette.nearestExtendedIndex(to: rgb)
            #expect(XtermPalette.rgb(ofIndex: again) == rgb, "index \(index)")
        }
    }

    @Test("colour values parse from #rrggbb, indices and ANSI names", arguments: [
        ("#D70000", TerminalColor.rgb(0xD7, 0, 0)), ("0", .indexed(0)), ("255", .indexed(255)),
        ("red", .ansi(.red)), ("Bright-Blue", .ansi(.brightBlue)), ("bright_green", .ansi(.brightGreen)),
        ("brightmagenta", .ansi(.brightMagenta)), ("grey", .ansi(.brightBlack)),
    ])
    func parseColor(_ text: String, _ color: TerminalColor) throws {
        #expect(try TerminalColor.parse(text) == color)
    }

    @Test("bad colour values are refused", arguments: ["#12345", "#gggggg", "256", "-1", "12a", "purple", ""])
    func badColor(_ text: String) {
        #expect(throws: ColorParseError.self) { try TerminalColor.parse(text) }
    }

    @Test("NO_COLOR set to anything but empty means monochrome; otherwise the terminal's colours count")
    func noColor() {
        #expect(ColorDepth.detect(terminalColors: 256, environment: ["NO_COLOR": "1"]) == .monochrome)
        #expect(ColorDepth.detect(terminalColors: 256, environment: ["NO_COLOR": ""]) == .xterm256)
        #expect(ColorDepth.detect(terminalColors: 256, environment: [:]) == .xterm256)
        #expect(ColorDepth.detect(terminalColors: 88, environment: [:]) == .ansi16)
        #expect(ColorDepth.detect(terminalColors: 8, environment: [:]) == .ansi8)
        #expect(ColorDepth.detect(terminalColors: 0, environment: [:]) == .monochrome)
    }
}

@Suite("Style table")
struct StyleTableTests {
    @Test("a monochrome terminal uses no pairs and the monochrome attributes, whatever the theme")
    func monochromeTable() {
        let table = StyleTable.resolve(theme: .standard, depth: .monochrome, maxPairs: 256)
        #expect(table.pairs.isEmpty)
        for role in StyleRole.known {
            #expect(table.style(for: role) == ResolvedStyle(pair: 0, attributes: Theme.monochrome.style(for: role).attributes))
        }
    }

    @Test("pairs are shared by roles with the same colours and numbered from 1")
    func pairSharing() {
        let table = StyleTable.resolve(theme: .standard, depth: .xterm256, maxPairs: 256)
        let overdue = table.style(for: .ageOverdue)
        let critical = table.style(for: .queueCritical)
        #expect(overdue == critical)
        #expect(overdue.pair >= 1)
        #expect(table.pairs[overdue.pair - 1] == ColorPair(foreground: 160, background: -1))
        #expect(Set(table.pairs).count == table.pairs.count)
        #expect(table.style(for: .normal) == ResolvedStyle(pair: 0, attributes: []))
    }

    @Test("8 colours: degraded colours, and bold for what was bright")
    func eightColours() {
        let theme = Theme(name: "t", roles: [.error: Style(foreground: .ansi(.brightWhite), background: .rgb(0xD7, 0, 0))])
        let table = StyleTable.resolve(theme: theme, depth: .ansi8, maxPairs: 64)
        let error = table.style(for: .error)
        #expect(table.pairs[error.pair - 1] == ColorPair(foreground: 7, background: 1))
        #expect(error.attributes.contains(.bold))
    }

    @Test("colours that collapse into one keep the text readable")
    func collapsedColours() {
        let theme = Theme(name: "t", roles: [.input: Style(foreground: .indexed(236), background: .indexed(235))])
        let table = StyleTable.resolve(theme: theme, depth: .ansi16, maxPairs: 64)
        let input = table.style(for: .input)
        #expect(table.pairs[input.pair - 1] == ColorPair(foreground: 15, background: 0))
    }

    @Test("when pairs run out, later roles keep default colours but gain monochrome attributes")
    func pairExhaustion() {
        let table = StyleTable.resolve(theme: .standard, depth: .xterm256, maxPairs: 3)
        #expect(table.pairs.count == 2)
        let starved = StyleRole.known.filter { role in
            table.style(for: role).pair == 0 && Theme.standard.style(for: role) != .plain
        }
        #expect(!starved.isEmpty)
        for role in starved {
            #expect(table.style(for: role).attributes.isSuperset(of: Theme.monochrome.style(for: role).attributes))
        }
    }

    @Test("without default colours, 'default' means white on black")
    func noDefaultColours() {
        let table = StyleTable.resolve(theme: .standard, depth: .ansi16, maxPairs: 64, defaultColorsAvailable: false)
        let normal = table.style(for: .normal)
        #expect(table.pairs[normal.pair - 1] == ColorPair(foreground: 7, background: 0))
    }

    @Test("an unknown role resolves like normal")
    func unknownRole() {
        let table = StyleTable.resolve(theme: .highContrast, depth: .ansi16, maxPairs: 64)
        #expect(table.style(for: "not.a.role") == table.style(for: .normal))
    }
}
