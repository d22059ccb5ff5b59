import HL7
import Testing

@Suite("Segment terminators, BOM, continuation lines and round trips")
struct TerminatorTests {
    static let terminators: [Case<String, [UInt8]>] = [
        Case("CR", "\r", [0x0D]),
        Case("LF", "\n", [0x0A]),
        Case("CR LF", "\r\n", [0x0D, 0x0A]),
    ]

    @Test("Every terminator reads the same segments and round-trips byte for byte", arguments: terminators)
    func terminatorsTable(_ row: Case<String, [UInt8]>) throws {
        let bytes = Fixture.bytes(Fixture.oru251, terminator: row.input)
        let message = try HL7Parser.parse(bytes)
        #expect(message.segmentIDs == ["MSH", "PID", "PV1", "ORC", "OBR", "NTE", "OBX", "NTE", "OBX", "OBX", "ZPS"])
        #expect(message.segments.allSatisfy { Array($0.terminator) == row.expected })
        #expect(message.encoded() == bytes)
        #expect(message.encoded(terminators: .carriageReturn) == Fixture.bytes(Fixture.oru251))
        #expect(message.segments[6][5].text == "6.8")
        #expect(message.segments[10].line == 11)
    }

    @Test("A missing final terminator is kept missing")
    func noFinalTerminator() throws {
        let text = Fixture.oru251.joined(separator: "\r")
        let message = try HL7Message(parsing: text)
        #expect(message.segments.count == 11)
        #expect(message.segments.last?.terminator.isEmpty == true)
        #expect(message.encoded() == Array(text.utf8))
        #expect(message.encoded(terminators: .carriageReturn) == Array((text + "\r").utf8))
    }

    @Test("A leading UTF-8 BOM is skipped but kept in the raw bytes")
    func byteOrderMark() throws {
        let bytes = [0xEF, 0xBB, 0xBF] + Fixture.bytes(Fixture.oru251)
        let message = try HL7Parser.parse(bytes)
        #expect(message.segments.count == 11)
        #expect(message.segments[0].byteOffset == 3)
        #expect(message.header.controlID == "MSG00001")
        #expect(message.raw == bytes)
        #expect(message.encoded() == Fixture.bytes(Fixture.oru251))
        #expect(message.charset.encoding == .utf8)
    }

    @Test("Blank lines before and between segments are skipped")
    func blankLines() throws {
        let text = "\r\n\nMSH|^~\\&|LAB|N|CQ|C|20240101||ORU^R01|1|P|2.5.1\r\n\r\nPID|1||M1^^^H^MR||Doe^Jane\r\n\r\n"
        let message = try HL7Message(parsing: text)
        #expect(message.segmentIDs == ["MSH", "PID"])
        #expect(message.segments[0].line == 3)
        #expect(message.segments[1].line == 5)
        #expect(PIDSegment(message.segments[1]).given == "Jane")
    }

    @Test("A wrapped line is a continuation of the segment before it, not a new segment")
    func continuationLines() throws {
        let lines = [
            "MSH|^~\\&|LAB|NORTH|CQ|CLINIC|20240101||ORU^R01|1|P|2.5.1",
            "PID|1||M1^^^H^MR||Doe^Jane",
            "OBR|1|P1|F1|11502-2^Lab report^LN",
            "OBX|1|ED|11502-2^Lab report^LN||^AP^PDF^Base64^JVBERi0xLjQK",
            "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=||||||F",
            "NTE|1|L|wrapped",
            "note text",
        ]
        let bytes = Fixture.bytes(lines, terminator: "\n")
        let message = try HL7Parser.parse(bytes)
        #expect(message.segmentIDs == ["MSH", "PID", "OBR", "OBX", "NTE"])
        let obx = message.segments[3]
        #expect(obx[5].component(5).text == "JVBERi0xLjQKQUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=")
        #expect(obx[11].text == "F", "fields in the continuation line belong to the OBX")
        #expect(OBXSegment(obx).resultStatus == "F")
        #expect(NTESegment(message.segments[4]).comment == "wrappednote text")
        #expect(message.encoded() == bytes, "raw bytes round-trip, line breaks and all")
        let joined = message.encoded(terminators: .carriageReturn)
        #expect(String(decoding: joined, as: UTF8.self).contains("JVBERi0xLjQKQUJD"))
        #expect(try HL7Parser.parse(joined).segmentIDs == message.segmentIDs)
    }

    static let roundTrips: [Case<[String], String>] = [
        Case("v2.5.1 ORU", Fixture.oru251, "\r"),
        Case("v2.3 ORU without trigger", [Fixture.header(version: "2.3", type: "ORU")] + Fixture.body, "\r"),
        Case("trailing empty fields", ["MSH|^~\\&|A|B|C|D|20240101||ORU^R01|1|P|2.4|||", "PID|||||", "ZZZ|"], "\r"),
        Case("escapes and repetitions", ["MSH|^~\\&|A|B|C|D|20240101||ORU^R01|1|P|2.5", "NTE|1||a\\F\\b~c\\.br\\d&e"], "\r"),
        Case("five encoding characters", ["MSH|^~\\&#|A|B|C|D|20240101||ORU^R01^ORU_R01|1|P|2.7"] + Fixture.body, "\r"),
        Case("LF terminated", Fixture.oru251, "\n"),
    ]

    @Test("encode(parse(x)) == x, and the builder copy of a CR message re-encodes to x", arguments: roundTrips)
    func roundTrip(_ row: Case<[String], String>) throws {
        let bytes = Fixture.bytes(row.input, terminator: row.expected)
        let message = try HL7Parser.parse(bytes)
        #expect(message.encoded() == bytes)
        let rebuilt = HL7MessageBuilder(message).encoded()
        #expect(rebuilt == Fixture.bytes(row.input))
    }

    @Test("The builder modifies a message: set a field, add a segment, rebuild")
    func builderModifies() throws {
        let message = try Fixture.parse(Fixture.oru251)
        var builder = HL7MessageBuilder(message)
        builder.segments[1][5] = .components(["Doe-Smith", "Jane"])
        builder.segments[6][8] = .text("H")
        builder.segments[0][10] = .text("MSG00002")
        builder.segments.append(HL7SegmentBuilder("ZCQ", [.text("note|with^delims")]))
        let rebuilt = try builder.build()
        #expect(rebuilt.header.controlID == "MSG00002")
        #expect(PIDSegment(rebuilt.segments[1]).family == "Doe-Smith")
        #expect(OBXSegment(rebuilt.segments[6]).abnormalFlags == ["H"])
        #expect(rebuilt.segments.last?[1].text == "note|with^delims")
        #expect(rebuilt.segments.count == message.segments.count + 1)
        #expect(builder.segments[0][1] == .empty, "MSH-1 and MSH-2 come from the delimiters")
    }
}
