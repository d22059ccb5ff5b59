import HL7
import Testing

@Suite("Malformed input gives typed errors with positions")
struct ParseErrorTests {
    struct Expected: Sendable {
        var kind: HL7ParseError.Kind
        var offset: Int
        var line: Int
    }

    static let cases: [Case<[UInt8], Expected>] = [
        Case("empty input", [], Expected(kind: .empty, offset: 0, line: 1)),
        Case("only a BOM", [0xEF, 0xBB, 0xBF], Expected(kind: .empty, offset: 3, line: 1)),
        Case("only blank lines", Array("\r\n\r\n".utf8), Expected(kind: .empty, offset: 4, line: 3)),
        Case("starts with PID", Array("PID|1||M1\r".utf8), Expected(kind: .missingHeader, offset: 0, line: 1)),
        Case("junk before MSH", Array("xxMSH|^~\\&|A\r".utf8), Expected(kind: .missingHeader, offset: 0, line: 1)),
        Case("not HL7 after blank lines", Array("\n\nGET / HTTP/1.1\r\n".utf8), Expected(kind: .missingHeader, offset: 2, line: 3)),
        Case("MSH alone", Array("MSH".utf8), Expected(kind: .headerTooShort, offset: 3, line: 1)),
        Case("MSH with two encoding characters then the end", Array("MSH|^~".utf8), Expected(kind: .headerTooShort, offset: 6, line: 1)),
        Case("MSH-2 cut by a line break", Array("MSH|^~\rPID|1\r".utf8), Expected(kind: .headerTooShort, offset: 6, line: 1)),
        Case("letter as field separator", Array("MSHA^~\\&A\r".utf8), Expected(kind: .badFieldSeparator, offset: 3, line: 1)),
        Case("line break as field separator", Array("MSH\r^~\\&\r".utf8), Expected(kind: .badFieldSeparator, offset: 3, line: 1)),
        Case("three encoding characters", Array("MSH|^~\\|A|B\r".utf8), Expected(kind: .badEncodingCharacters, offset: 4, line: 1)),
        Case("six encoding characters", Array("MSH|^~\\&#$|A\r".utf8), Expected(kind: .badEncodingCharacters, offset: 4, line: 1)),
        Case("repeated encoding character", Array("MSH|^^\\&|A\r".utf8), Expected(kind: .badEncodingCharacters, offset: 5, line: 1)),
        Case("encoding character equals the field separator", Array("MSH|^~|&|A\r".utf8), Expected(kind: .badEncodingCharacters, offset: 4, line: 1)),
        Case("alphanumeric encoding character", Array("MSH|^~\\A|B\r".utf8), Expected(kind: .badEncodingCharacters, offset: 7, line: 1)),
    ]

    @Test("Each malformed input names its problem and position", arguments: cases)
    func malformed(_ row: Case<[UInt8], Expected>) {
        #expect {
            _ = try HL7Parser.parse(row.input)
        } throws: { error in
            guard let error = error as? HL7ParseError else { return false }
            return error.kind == row.expected.kind && error.offset == row.expected.offset
                && error.line == row.expected.line && error.segmentIndex == 0
        }
    }

    @Test("Error descriptions give the position and no message content")
    func description() throws {
        do {
            _ = try HL7Message(parsing: "PID|1||SECRET-MRN^^^H^MR||Doe^Jane\r")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .missingHeader)
            #expect(error.description.contains("byte 0"))
            #expect(error.description.contains("line 1"))
            #expect(!error.description.contains("SECRET"))
            #expect(!error.description.contains("Doe"))
        }
    }

    @Test("parseHeader reads only the MSH line of a truncated frame")
    func headerOnly() throws {
        let bytes = Array((Fixture.oru251[0] + "\rPID|1||M1^^^H^MR||Do").utf8)
        let header = try HL7Parser.parseHeader(bytes)
        #expect(header.segments.count == 1)
        #expect(header.header.controlID == "MSG00001")
        #expect(header.header.sendingApplication.encoded == "LAB^1.2.3^ISO")
    }
}
