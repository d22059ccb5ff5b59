import Foundation
@testable import HL7
import Testing

/// The shortcuts the typed accessors take must answer exactly as the general paths do: escape
/// decoding skipped when no escape character follows MSH-2, small strings built from their bytes,
/// OBX-5 and OBX-8 read from byte ranges.
@Suite("Accessor fast paths")
struct FastPathTests {
    @Test("An escape in the field right after MSH-2 is decoded")
    func escapeRightAfterEncodingCharacters() throws {
        let message = try Fixture.parse(["MSH|^~\\&|A\\T\\B|NORTH|CQ|CLINIC|20240101||ORU^R01|1|P|2.5.1"])
        #expect(message.header.sendingApplication.namespaceID == "A&B")
        #expect(message.header.sendingApplication.encoded == "A\\T\\B")
    }

    @Test("An escape in the last bytes of the message is decoded")
    func escapeAtTheEnd() throws {
        let bytes = Array("MSH|^~\\&|LAB|NORTH|CQ|CLINIC|20240101||ORU^R01|1|P|2.5.1\rNTE|1|L|x\\E\\".utf8)
        let message = try HL7Parser.parse(bytes)
        #expect(NTESegment(message.segments[1]).comment == "x\\")
    }

    @Test("The escape character declared in MSH-2 alone does not make other fields decode")
    func onlyTheDeclaration() throws {
        let message = try Fixture.parse(["MSH|^~\\&|LAB|NORTH|CQ|CLINIC|20240101||ORU^R01|1|P|2.5.1", "NTE|1|L|plain text"])
        #expect(!message.storage.mayHoldEscapes)
        #expect(NTESegment(message.segments[1]).comment == "plain text")
        #expect(message.segments[0][2].text == "^~\\&")
    }

    @Test("A custom escape character after MSH-2 is found", arguments: ["!", "#"])
    func customEscape(_ escape: String) throws {
        let message = try Fixture.parse(["MSH|^~\(escape)&|LAB|NORTH|CQ|CLINIC|20240101||ORU^R01|1|P|2.5.1",
                                         "NTE|1|L|a\(escape)F\(escape)b\\c"])
        #expect(message.storage.mayHoldEscapes)
        #expect(NTESegment(message.segments[1]).comment == "a|b\\c")
    }

    @Test("Fields of every short length read as String(decoding:) reads their bytes", arguments: 0...20)
    func everyLength(_ length: Int) throws {
        let ascii = String((0..<length).map { Character(UnicodeScalar(0x61 + $0 % 26)!) })
        let accented = String(repeating: "é", count: length / 2) + (length % 2 == 1 ? "x" : "")
        for text in [ascii, accented] {
            let message = try Fixture.parse(["MSH|^~\\&|LAB|NORTH|CQ|CLINIC|20240101||ORU^R01|1|P|2.5.1", "NTE|1|L|\(text)"])
            #expect(message.segments[1][3].text == text)
            #expect(message.segments[1][3].raw == text)
        }
    }

    @Test("The small-string copy agrees with String(decoding:) on any bytes, invalid UTF-8 included, padding never read in")
    func smallCopy() {
        var generator = SystemRandomNumberGenerator()
        let samples: [[UInt8]] = (0...16).flatMap { length in
            [Array(repeating: 0x41, count: length),
             (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) },
             (0..<length).map { $0 % 3 == 0 ? 0xC3 : 0xA9 }]
        }
        for sample in samples {
            let expected = String(decoding: sample, as: UTF8.self)
            // Padded as the storage pads its copy, with bytes that must not leak into the string.
            let padded = sample + Array(repeating: 0xAB, count: 16)
            let copied = padded.withUnsafeBufferPointer { TextDecoding.utf8(paddedFrom: $0.baseAddress!, sample.count) }
            #expect(copied == expected, "\(sample)")
            #expect(copied.utf8.count == expected.utf8.count)
        }
    }

    @Test("ASCII fields of a Latin-1 message read straight; its accented ones through Latin-1")
    func latin1Message() throws {
        var bytes = Array("MSH|^~\\&|LAB|NORTH|CQ|CLINIC|20240101||ORU^R01|1|P|2.5.1||||||8859/1\rPID|1||M1||Doe^Ren".utf8)
        bytes.append(0xE9)
        let message = try HL7Parser.parse(bytes)
        let pid = PIDSegment(message.segments[1])
        #expect(pid.family == "Doe")
        #expect(pid.given == "René")
        #expect(message.storage.decodesAsUTF8 == false)
    }

    static let flags: [Case<String, [String]>] = [
        Case("none", "", []),
        Case("one", "H", ["H"]),
        Case("a CWE's code", "HH^Critical high^HL70078", ["HH"]),
        Case("empty repetitions dropped", "~H~~", ["H"]),
        Case("several", "H^High~LL^Low~A", ["H", "LL", "A"]),
        Case("only empty repetitions", "~~", []),
        Case("escaped", "A\\T\\B", ["A&B"]),
        Case("HL7 null", "\"\"", []),
    ]

    @Test("OBX-8 flags, one per non-empty repetition", arguments: flags)
    func abnormalFlags(_ row: Case<String, [String]>) throws {
        #expect(try ObservationTests.obx(type: "NM", value: "1", flags: row.input).abnormalFlags == row.expected)
    }

    @Test("OBX-5 as ObservationValueText reads it from a field value and from the segment alike",
          arguments: ObservationTests.values)
    func displayBothWays(_ row: Case<(type: String, value: String), String>) throws {
        let obx = try ObservationTests.obx(type: row.input.type, value: row.input.value)
        #expect(ObservationValueText.display(obx.segment[5], valueType: row.input.type) == row.expected)
        #expect(obx.displayValue == row.expected)
    }

    @Test("An OBX view over an MSH reads its literal MSH-2 as the value type")
    func observationOverHeader() throws {
        let message = try Fixture.parse(["MSH|^~\\&|LAB|NORTH|CQ|CLINIC|20240101|SEC^X~ALT|ORU^R01|1|P|2.5.1"])
        let obx = OBXSegment(message.segments[0])
        #expect(obx.displayValue == "CQ")
        #expect(obx.abnormalFlags == ["SEC", "ALT"])
    }
}

/// The scanner's tables against a byte-by-byte reading of the same messages.
@Suite("Scanner against a plain reading")
struct ScannerReferenceTests {
    /// Bytes the scanner treats specially, drawn often: separators, line breaks, other bytes below
    /// 0x10, non-ASCII bytes.
    static let drawn: [UInt8] = Array("|^~\\&ABZ019 ".utf8) + [0x0D, 0x0A, 0x09, 0x0C, 0x00, 0x0F, 0x10, 0x7F, 0x80, 0xC3, 0xA9, 0xFF]

    @Test("Field ends, segment ends and the non-ASCII flag match a plain reading", arguments: [UInt64(21), 22, 23, 24])
    func randomMessages(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<800 {
            var text = Array("MSH|^~\\&|LAB|F|".utf8)
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                // Runs long enough to cross 8- and 16-byte blocks at every alignment.
                for _ in 0..<Int.random(in: 0...70, using: &random) {
                    text.append(Bool.random(using: &random) ? Self.drawn.randomElement(using: &random)!
                                : UInt8.random(in: 0x20...0x7E, using: &random))
                }
                text += Array(["\rPID|", "\nOBX|", "\r\nNTE|", "\r", "\n"].randomElement(using: &random)!.utf8)
            }
            guard let message = try? HL7Parser.parse(text) else { continue }
            Self.check(message, text)
        }
    }

    static func check(_ message: HL7Message, _ bytes: [UInt8]) {
        let storage = message.storage
        for index in 0..<storage.segments.count {
            let record = storage.segments[index]
            // A segment ends at a line break or at the end of the input.
            #expect(record.end == bytes.count || bytes[record.end] == 0x0D || bytes[record.end] == 0x0A)
            let expected = (record.start + 3..<record.end).filter { bytes[$0] == 0x7C } + [record.end]
            let recorded = Array(storage.fieldEnds[record.firstField..<record.firstField + record.fieldCount])
            #expect(recorded == expected, "segment \(index) of \(bytes)")
        }
        let content = bytes.drop { $0 == 0x0D || $0 == 0x0A }
        #expect(storage.decodesAsUTF8 == (content.allSatisfy { $0 < 0x80 } || storage.charset.encoding == .utf8))
    }
}

/// `HL7Storage.piece`, eight bytes at a time, against the byte-by-byte definition.
@Suite("Pieces against a plain reading")
struct PieceReferenceTests {
    /// Piece `number` of `bytes[range]` split on `separator`, ending at the first `stop`; read one byte at a time.
    static func reference(_ bytes: [UInt8], _ range: Range<Int>, _ number: Int, _ separator: UInt8, _ stop: UInt8) -> Range<Int> {
        var end = range.upperBound
        if number < 1 { return end..<end }
        var start = range.lowerBound
        var remaining = number - 1
        var i = start
        while i < end {
            if bytes[i] == separator {
                if remaining == 0 { break }
                remaining -= 1
                start = i + 1
            } else if bytes[i] == stop {
                end = i
                break
            }
            i += 1
        }
        return remaining == 0 ? start..<i : end..<end
    }

    @Test("Every range, piece number and stop byte of random fields", arguments: [UInt64(31), 32, 33])
    func randomFields(seed: UInt64) throws {
        var random = SeededGenerator(seed: seed)
        let alphabet = Array("^^~&&ab".utf8)
        for _ in 0..<300 {
            let field = (0..<Int.random(in: 0...40, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let message = try Fixture.parse(["MSH|^~\\&|LAB|NORTH|CQ|CLINIC|20240101||ORU^R01|1|P|2.5.1", "NTE|1|L|" + String(decoding: field, as: UTF8.self)])
            let storage = message.storage
            let bytes = message.raw
            let whole = message.segments[1].fieldRange(3)
            for _ in 0..<20 {
                let lower = Int.random(in: whole.lowerBound...whole.upperBound, using: &random)
                let range = lower..<Int.random(in: lower...whole.upperBound, using: &random)
                let number = Int.random(in: -1...6, using: &random)
                for (separator, stop) in [(UInt8(0x5E), UInt8(0x7E)), (0x5E, 0x5E), (0x26, 0x26), (0x7E, 0x5E)] {
                    #expect(storage.piece(range, number, separator, stop) == Self.reference(bytes, range, number, separator, stop),
                            "\(range) \(number) \(separator) \(stop) in \(bytes[whole])")
                }
            }
        }
    }
}
