import HL7
import Testing

@Suite("Escape sequences")
struct EscapeTests {
    /// Decodes `encoded` as OBX-5 of a message with the given MSH-2 and returns its text.
    static func decode(_ encoded: String, encoding: String = "^~\\&", valueType: String = "ST") throws -> HL7Value {
        let message = try Fixture.parse([
            "MSH|\(encoding)|LAB|NORTH|CQ|CLINIC|20240101||ORU^R01|1|P|2.7",
            "OBX|1|\(valueType)|X^Y||\(encoded)",
        ])
        return message.segments[1][5]
    }

    static let standard: [Case<String, String>] = [
        Case("\\F\\ field separator", "a\\F\\b", "a|b"),
        Case("\\S\\ component separator", "a\\S\\b", "a^b"),
        Case("\\T\\ sub-component separator", "a\\T\\b", "a&b"),
        Case("\\R\\ repetition separator", "a\\R\\b", "a~b"),
        Case("\\E\\ escape character", "a\\E\\b", "a\\b"),
        Case("\\E\\ then F is not \\F\\ (one pass)", "\\E\\F\\E\\", "\\F\\"),
        Case("\\Xhh\\ one byte", "\\X41\\", "A"),
        Case("\\Xhh…\\ several bytes, lower-case hex", "\\X6a6B\\", "jk"),
        Case("\\X with a space is unknown", "\\X41 42\\", "\\X41 42\\"),
        Case("\\Xhhhh\\ UTF-8 bytes", "caf\\XC3A9\\", "café"),
        Case("\\Xhh\\ odd digit count is unknown", "\\X414\\", "\\X414\\"),
        Case("\\Xhh\\ non-hex is unknown", "\\XZZ\\", "\\XZZ\\"),
        Case("\\.br\\ line break", "line 1\\.br\\line 2", "line 1\nline 2"),
        Case("\\H\\ \\N\\ highlight dropped", "\\H\\bold\\N\\ plain", "bold plain"),
        Case("\\.sp\\ one newline", "a\\.sp\\b", "a\nb"),
        Case("\\.sp 3\\ three newlines", "a\\.sp 3\\b", "a\n\n\nb"),
        Case("\\.sk 2\\ two spaces", "a\\.sk 2\\b", "a  b"),
        Case("\\.in +4\\ dropped", "\\.in +4\\indented", "indented"),
        Case("\\.ti -2\\ dropped", "\\.ti -2\\x", "x"),
        Case("\\.fi\\ and \\.nf\\ dropped", "\\.nf\\a\\.fi\\", "a"),
        Case("\\.ce\\ starts a new line", "title\\.ce\\centred", "title\ncentred"),
        Case("\\Cxxyy\\ charset switch dropped", "\\C2842\\abc", "abc"),
        Case("unknown \\Q\\ passes through", "a\\Q\\b", "a\\Q\\b"),
        Case("local \\Zxx\\ passes through", "\\Z01\\x", "\\Z01\\x"),
        Case("unterminated escape passes through", "abc\\F", "abc\\F"),
        Case("raw backslash 4\\5", "4\\5", "4\\5"),
        Case("raw backslashes around a known escape", "C:\\dir\\F\\", "C:\\dir\\F\\"),
        Case("empty escape \\\\ passes through", "a\\\\b", "a\\\\b"),
        Case("\\P\\ without a truncation character is unknown", "a\\P\\b", "a\\P\\b"),
        Case("\\.sp with garbage is unknown", "\\.sp x\\", "\\.sp x\\"),
        Case("HL7 null reads as empty", "\"\"", ""),
        Case("leading spaces kept", "   indented", "   indented"),
    ]

    @Test("Standard escapes decode in one left-to-right pass", arguments: standard)
    func standardEscapes(_ row: Case<String, String>) throws {
        #expect(try Self.decode(row.input).text == row.expected)
    }

    @Test("The raw text keeps escapes exactly as sent")
    func rawKeepsEscapes() throws {
        let value = try Self.decode("a\\F\\b\\.br\\c")
        #expect(value.raw == "a\\F\\b\\.br\\c")
        #expect(value.text == "a|b\nc")
    }

    @Test("An escape never spans a separator")
    func escapeStopsAtSeparator() throws {
        let value = try Self.decode("a\\b^c\\d")
        #expect(value.component(1).text == "a\\b")
        #expect(value.component(2).text == "c\\d")
    }

    @Test("\\P\\ is the truncation character when MSH-2 declares one")
    func truncationEscape() throws {
        #expect(try Self.decode("a\\P\\b", encoding: "^~\\&#").text == "a#b")
    }

    static let customEscape: [Case<String, String>] = [
        Case("!F! with escape !", "a!F!b", "a|b"),
        Case("!S! with escape !", "a!S!b", "a^b"),
        Case("!E! with escape !", "a!E!b", "a!b"),
        Case("backslash is plain text", "a\\F\\b", "a\\F\\b"),
        Case("!.br! line break", "x!.br!y", "x\ny"),
    ]

    @Test("The escape character comes from MSH-2", arguments: customEscape)
    func customEscapeCharacter(_ row: Case<String, String>) throws {
        #expect(try Self.decode(row.input, encoding: "^~!&").text == row.expected)
    }

    @Test("Styled text keeps highlighted runs")
    func styledRuns() throws {
        let value = try Self.decode("normal \\H\\BOLD\\N\\ again\\H\\\\N\\")
        #expect(value.styledText == [
            HL7TextRun(text: "normal ", isHighlighted: false),
            HL7TextRun(text: "BOLD", isHighlighted: true),
            HL7TextRun(text: " again", isHighlighted: false),
        ])
    }

    @Test("\\Xhh\\ decodes in the message character set")
    func hexInLatin1() throws {
        let message = try Fixture.parse([
            Fixture.header(version: "2.5.1", charset: "8859/1"),
            "PID|1||M1^^^H^MR||M\\XFC\\ller^J\\XF6\\rg",
        ])
        let pid = PIDSegment(message.segments[1])
        #expect(pid.family == "Müller")
        #expect(pid.given == "Jörg")
    }

    static let encoded: [Case<String, String>] = [
        Case("separators", "a|b^c&d~e\\f", "a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f"),
        Case("newline", "one\ntwo", "one\\.br\\two"),
        Case("carriage return", "one\rtwo", "one\\X0D\\two"),
        Case("plain", "nothing special", "nothing special"),
        Case("UTF-8 is unchanged", "Müller 患者", "Müller 患者"),
        Case("an escape sequence in the text is escaped, not kept", #"\F\"#, #"\E\F\E\"#),
    ]

    @Test("Text written by the builder is escaped and reads back the same", arguments: encoded)
    func builderEscapes(_ row: Case<String, String>) throws {
        var builder = HL7MessageBuilder()
        var msh = HL7SegmentBuilder("MSH")
        msh[9] = .components(["ORU", "R01"])
        msh[12] = .text("2.5.1")
        builder.segments = [msh, HL7SegmentBuilder("NTE", [.text("1"), .empty, .text(row.input)])]
        let bytes = builder.encoded()
        #expect(lines(bytes)[1] == "NTE|1||\(row.expected)")
        let message = try builder.build()
        #expect(NTESegment(message.segments[1]).comment == row.input)
    }
}
