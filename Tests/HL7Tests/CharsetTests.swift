import Foundation
import HL7
import Testing

@Suite("Character sets from MSH-18")
struct CharsetTests {
    /// A message whose PID-5 family name is `family` bytes, with MSH-18 = `charset`.
    static func message(charset: String, family: [UInt8]) throws -> HL7Message {
        let header = Fixture.header(version: "2.5.1", charset: charset)
        let bytes = Array((header + "\rPID|1||M1^^^H^MR||").utf8) + family + Array("^Ana\r".utf8)
        return try HL7Parser.parse(bytes)
    }

    static let latin1Names = ["8859/1", "ISO8859_1", "ISO-8859-1", "iso-8859-1", "ISO_8859-1", "LATIN1", "ISO IR100"]

    @Test("Latin-1 names and misspellings decode ISO 8859-1 bytes", arguments: latin1Names)
    func latin1NamesTable(_ name: String) throws {
        let message = try Self.message(charset: name, family: [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72]) // Müller
        #expect(message.charset.declared == name)
        #expect(message.charset.encoding == .latin1)
        #expect(message.warnings.isEmpty)
        #expect(PIDSegment(message.segments[1]).family == "Müller")
    }

    static let utf8Names = ["UNICODE UTF-8", "UTF-8", "UTF8", "utf8", "UNICODE"]

    @Test("UTF-8 names decode UTF-8 bytes", arguments: utf8Names)
    func utf8NamesTable(_ name: String) throws {
        let message = try Self.message(charset: name, family: Array("TÉST PÁTIENT".utf8))
        #expect(message.charset.encoding == .utf8)
        #expect(message.warnings.isEmpty)
        #expect(PIDSegment(message.segments[1]).family == "TÉST PÁTIENT")
    }

    static let otherSets: [Case<(String, [UInt8]), String>] = [
        Case("8859/15 has the euro sign at A4", ("8859/15", [0x41, 0xA4]), "A€"),
        Case("8859/2 (Central European)", ("8859/2", [0xB1]), "ą"),
        Case("8859/5 (Cyrillic)", ("8859/5", [0xB1]), "Б"),
        Case("8859/7 (Greek)", ("8859/7", [0xE1]), "α"),
        Case("ASCII with ASCII bytes", ("ASCII", Array("Plain".utf8)), "Plain"),
    ]

    @Test("Other table 0211 sets decode through their tables", arguments: otherSets)
    func otherSetsTable(_ row: Case<(String, [UInt8]), String>) throws {
        let message = try Self.message(charset: row.input.0, family: row.input.1)
        #expect(PIDSegment(message.segments[1]).family == row.expected)
        #expect(message.warnings.isEmpty)
    }

    @Test("No MSH-18 and valid UTF-8: UTF-8, no warning")
    func undeclaredUTF8() throws {
        let message = try Self.message(charset: "", family: Array("Łukasz 患者".utf8))
        #expect(message.charset.declared == nil)
        #expect(message.charset.encoding == .utf8)
        #expect(message.warnings.isEmpty)
        #expect(PIDSegment(message.segments[1]).family == "Łukasz 患者")
    }

    @Test("No MSH-18 and invalid UTF-8: Latin-1 with a warning, raw bytes kept")
    func undeclaredLatin1() throws {
        let family: [UInt8] = [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72]
        let message = try Self.message(charset: "", family: family)
        #expect(message.charset.encoding == .latin1)
        #expect(message.warnings.count == 1)
        #expect(message.warnings.first?.contains("Latin-1") == true)
        #expect(PIDSegment(message.segments[1]).family == "Müller")
        #expect(Array(message.segments[1][5].component(1).bytes) == family)
        #expect(message.encoded() == message.raw)
    }

    static let mismatches: [Case<(String, [UInt8]), (HL7TextEncoding, String)>] = [
        Case("declared UTF-8, bytes are Latin-1", ("UNICODE UTF-8", [0x4D, 0xFC]), (.latin1, "Mü")),
        Case("declared ASCII, bytes are UTF-8", ("ASCII", Array("Mü".utf8)), (.utf8, "Mü")),
        Case("declared ASCII, bytes are Latin-1", ("ASCII", [0x4D, 0xFC]), (.latin1, "Mü")),
        Case("unsupported set, UTF-8 bytes", ("ISO IR87", Array("Mü".utf8)), (.utf8, "Mü")),
        Case("unknown name, Latin-1 bytes", ("WINDOWS-1252X", [0x4D, 0xFC]), (.latin1, "Mü")),
    ]

    @Test("A declaration the bytes contradict falls back with a warning", arguments: mismatches)
    func mismatchesTable(_ row: Case<(String, [UInt8]), (HL7TextEncoding, String)>) throws {
        let message = try Self.message(charset: row.input.0, family: row.input.1)
        #expect(message.charset.encoding == row.expected.0)
        #expect(PIDSegment(message.segments[1]).family == row.expected.1)
        #expect(message.warnings.count == 1)
    }

    @Test("MSH-18 accessor and the first repetition rule")
    func firstRepetition() throws {
        let message = try Self.message(charset: "8859/1~UNICODE UTF-8", family: [0xE9])
        #expect(message.header.characterSet == "8859/1")
        #expect(message.charset.encoding == .latin1)
        #expect(PIDSegment(message.segments[1]).family == "é")
    }
}
