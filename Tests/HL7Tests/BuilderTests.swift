import HL7
import Testing

@Suite("Message builder: repetitions and line feeds")
struct BuilderTests {
    static func message(_ segment: HL7SegmentBuilder, lineFeed: HL7LineFeedEscape = .lineBreak) -> HL7MessageBuilder {
        var msh = HL7SegmentBuilder("MSH")
        msh[9] = .components(["ORU", "R01"])
        msh[12] = .text("2.5.1")
        return HL7MessageBuilder(lineFeed: lineFeed, segments: [msh, segment])
    }

    @Test("repetitions are joined with ~, each encoded on its own, and read back as repetitions")
    func repetitions() throws {
        var pid = HL7SegmentBuilder("PID")
        pid[3] = .repetitions([.structured([["L~1"], [], [], ["LAB"], ["PI"]]),
                               .structured([["M1"], [], [], ["CQ", "2.16.1", "ISO"], ["MR"]])])
        let builder = Self.message(pid)
        #expect(lines(builder.encoded())[1] == #"PID|||L\R\1^^^LAB^PI~M1^^^CQ&2.16.1&ISO^MR"#)
        let identifiers = PIDSegment(try builder.build().segments[1]).identifiers
        #expect(identifiers.map(\.id) == ["L~1", "M1"])
        #expect(identifiers.map(\.identifierTypeCode) == ["PI", "MR"])
    }

    @Test("no repetitions is an empty field")
    func noRepetitions() {
        var nte = HL7SegmentBuilder("NTE")
        nte[3] = .repetitions([])
        nte[4] = .text("x")
        #expect(lines(Self.message(nte).encoded())[1] == "NTE||||x")
    }

    @Test("a line feed is \\.br\\ by default, \\X0A\\ on request, and reads back either way",
          arguments: [(HL7LineFeedEscape.lineBreak, #"one\.br\two"#), (.hex, #"one\X0A\two"#)])
    func lineFeed(_ escape: HL7LineFeedEscape, _ expected: String) throws {
        let builder = Self.message(HL7SegmentBuilder("NTE", [.text("1"), .empty, .text("one\ntwo")]), lineFeed: escape)
        #expect(lines(builder.encoded())[1] == "NTE|1||\(expected)")
        #expect(NTESegment(try builder.build().segments[1]).comment == "one\ntwo")
    }
}
