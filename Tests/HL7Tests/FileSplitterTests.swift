import HL7
import Testing

@Suite("Splitting files into messages")
struct FileSplitterTests {
    static let first = ["MSH|^~\\&|A|B|C|D|20240101||ORU^R01|ONE|P|2.5.1", "PID|1||M1", "OBX|1|ST|X||MSH text inside"]
    static let second = ["MSH|^~\\&|A|B|C|D|20240101||ORU^R01|TWO|P|2.5.1", "PID|1||M2"]

    static func text(_ lines: [String], _ terminator: String = "\r") -> String {
        lines.map { $0 + terminator }.joined()
    }

    static let cases: [Case<[UInt8], [String]>] = [
        Case("two CR messages", Array((text(first) + text(second)).utf8), ["ONE", "TWO"]),
        Case("LF terminated", Array((text(first, "\n") + text(second, "\n")).utf8), ["ONE", "TWO"]),
        Case("CR LF with blank lines between", Array((text(first, "\r\n") + "\r\n\r\n" + text(second, "\r\n")).utf8), ["ONE", "TWO"]),
        Case("batch envelope dropped", Array(("FHS|^~\\&|A\rBHS|^~\\&|A\r" + text(first) + text(second) + "BTS|2\rFTS|1\r").utf8), ["ONE", "TWO"]),
        Case("junk before the first MSH", Array(("hello\r\n" + text(first)).utf8), ["ONE"]),
        Case("BOM", [0xEF, 0xBB, 0xBF] + Array(text(first).utf8), ["ONE"]),
        Case("MLLP framed", [0x0B] + Array(text(first).utf8) + [0x1C, 0x0D, 0x0B] + Array(text(second).utf8) + [0x1C, 0x0D], ["ONE", "TWO"]),
        Case("MLLP framed with junk between frames", [0x0B] + Array(text(first).utf8) + [0x1C, 0x0D, 0x0A, 0x41, 0x0B] + Array(text(second).utf8) + [0x1C, 0x0D], ["ONE", "TWO"]),
        Case("MLLP second start block restarts the frame", [0x0B] + Array("MSH|^~\\&|A|B|C|D|1||ORU^R01|LOST".utf8) + [0x0B] + Array(text(second).utf8) + [0x1C, 0x0D], ["TWO"]),
        Case("MLLP unterminated last frame runs to the end", [0x0B] + Array(text(first).utf8) + [0x1C, 0x0D, 0x0B] + Array(text(second).utf8), ["ONE", "TWO"]),
        Case("field separator #", Array("MSH#^~\\&#A#B#C#D#1##ORU^R01#HASH#P#2.5.1\rPID#1\r".utf8), ["HASH"]),
        Case("a wrapped line starting with MSH- stays in its message", Array((text(first) + "NTE|1||see\rMSH-10 is unique\r" + text(second)).utf8), ["ONE", "TWO"]),
        Case("no message at all", Array("nothing here\r".utf8), []),
        Case("empty file", [], []),
    ]

    @Test("Messages split where a line starts with MSH + field separator", arguments: cases)
    func split(_ row: Case<[UInt8], [String]>) throws {
        let messages = HL7FileSplitter.split(row.input)
        #expect(try messages.map { try HL7Parser.parse($0).header.controlID } == row.expected)
        #expect(messages.allSatisfy { $0.starts(with: Array("MSH".utf8)) })
    }

    @Test("Each message keeps its bytes and ends with its last segment's terminator")
    func exactBytes() {
        let messages = HL7FileSplitter.split(Array((Self.text(Self.first, "\r\n") + "\r\n" + Self.text(Self.second, "\r\n")).utf8))
        #expect(messages == [Array(Self.text(Self.first, "\r\n").utf8), Array(Self.text(Self.second, "\r\n").utf8)])
    }
}
