import CareQueueTUI
import Testing

struct SanitizeCase: CustomTestStringConvertible, Sendable {
    var name: String
    var input: String
    var output: String
    var testDescription: String { name }
}

@Suite("ScreenText")
struct ScreenTextTests {
    static let sanitizing: [SanitizeCase] = [
        SanitizeCase(name: "SGR colour sequences removed", input: "\u{1B}[31mRED\u{1B}[0m", output: "RED"),
        SanitizeCase(name: "CSI with private parameters removed", input: "a\u{1B}[?1049hb", output: "ab"),
        SanitizeCase(name: "OSC title ended by BEL removed", input: "\u{1B}]0;title\u{07}Name", output: "Name"),
        SanitizeCase(name: "OSC hyperlink ended by ST removed", input: "\u{1B}]8;;http://x\u{1B}\\link\u{1B}]8;;\u{1B}\\", output: "link"),
        SanitizeCase(name: "DCS string removed", input: "a\u{1B}Pq#0;2\u{1B}\\b", output: "ab"),
        SanitizeCase(name: "charset switch to line drawing removed", input: "\u{1B}(0lqk\u{1B}(B", output: "lqk"),
        SanitizeCase(name: "two-character escape (reset) removed", input: "\u{1B}cReset", output: "Reset"),
        SanitizeCase(name: "8-bit C1 CSI sequence removed", input: "\u{9B}31mX", output: "X"),
        SanitizeCase(name: "other C1 control shown as replacement", input: "a\u{80}b", output: "a\u{FFFD}b"),
        SanitizeCase(name: "unterminated OSC keeps its text, ESC visible", input: "\u{1B}]0;title", output: "␛]0;title"),
        SanitizeCase(name: "lone ESC at the end shown", input: "abc\u{1B}", output: "abc␛"),
        SanitizeCase(name: "ESC before a control shown", input: "\u{1B}\u{01}", output: "␛␁"),
        SanitizeCase(name: "DEL shown as a control picture", input: "a\u{7F}b", output: "a␡b"),
        SanitizeCase(name: "NUL shown as a control picture", input: "a\u{0}b", output: "a␀b"),
        SanitizeCase(name: "BEL alone shown", input: "\u{07}", output: "␇"),
        SanitizeCase(name: "backspace shown", input: "ab\u{08}c", output: "ab␈c"),
        SanitizeCase(name: "tab becomes a space", input: "a\tb", output: "a b"),
        SanitizeCase(name: "CRLF becomes one space", input: "a\r\nb", output: "a b"),
        SanitizeCase(name: "LF and CR become spaces", input: "a\nb\rc", output: "a b c"),
        SanitizeCase(name: "NEL (C1 newline) becomes a space", input: "a\u{85}b", output: "a b"),
        SanitizeCase(name: "bidi override removed", input: "abc\u{202E}def\u{202C}", output: "abcdef"),
        SanitizeCase(name: "bidi isolate removed", input: "\u{2067}x\u{2069}", output: "x"),
        SanitizeCase(name: "names in any script untouched", input: "患者 Müller José Nguyễn", output: "患者 Müller José Nguyễn"),
        SanitizeCase(name: "combining marks untouched", input: "Jose\u{301}", output: "Jose\u{301}"),
        SanitizeCase(name: "plain ASCII untouched", input: "K 6.8 mmol/L", output: "K 6.8 mmol/L"),
    ]

    @Test("sanitize", arguments: sanitizing)
    func sanitize(_ example: SanitizeCase) {
        #expect(ScreenText.sanitize(example.input) == example.output)
    }

    @Test("sanitised text never contains a C0, DEL or C1 control", arguments: sanitizing)
    func noControlsSurvive(_ example: SanitizeCase) {
        let controls = ScreenText.sanitize(example.input).unicodeScalars.filter {
            $0.value < 0x20 || (0x7F..<0xA0).contains($0.value)
        }
        #expect(controls.isEmpty)
    }

    @Test("lines splits at every newline form and sanitises each line")
    func lines() {
        #expect(ScreenText.lines("a\r\nb\nc\rd\u{2028}e\u{1B}[1m!") == ["a", "b", "c", "d", "e!"])
        #expect(ScreenText.lines("") == [""])
        #expect(ScreenText.lines("x\n") == ["x", ""])
    }

    @Test("truncate keeps wide characters whole and fills exactly the width", arguments: [
        ("患者Müller", 5, true, "患者…"),
        ("患者Müller", 3, true, "患…"),
        ("患者Müller", 2, true, " …"),
        ("患者Müller", 3, false, "患 "),
        ("患者", 4, true, "患者"),
        ("Müller, José", 8, true, "Müller,…"),
        ("José", 0, true, ""),
        ("Jose\u{301} Pérez", 5, true, "Jose\u{301}…"),
    ])
    func truncate(_ text: String, _ width: Int, _ ellipsis: Bool, _ expected: String) {
        let result = ScreenText.truncate(text, toWidth: width, ellipsis: ellipsis)
        #expect(result == expected)
        #expect(DisplayWidth.of(result) == min(width, DisplayWidth.of(text)))
    }

    @Test("a combining mark with no base gets a dotted circle; a lone zero-width joiner is dropped")
    func zeroWidthGraphemes() {
        #expect(ScreenText.graphemes("\u{301}a").map(\.text) == ["\u{25CC}\u{301}", "a"])
        #expect(ScreenText.graphemes("\u{200D}a").map(\.text) == ["a"])
        #expect(ScreenText.graphemes("患a").map(\.width) == [2, 1])
    }
}
