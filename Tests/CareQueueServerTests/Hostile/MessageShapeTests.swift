import CareQueueCore
import Foundation
import HL7
import Testing

/// Messages whose shape is wrong in ways a lab feed really sends: delimiters that disagree, a batch
/// in one frame, bytes that are not the declared character set.
@Suite("Hostile input: delimiters, batches, character sets")
struct MessageShapeTests {
    /// MSH-1 `^`, but the sender wrote the other segments with `|`.
    static let disagreeing = Draft().with {
        $0.fieldSeparator = "^"
        $0.encoding = "|~\\&"
        $0.type = "ORU|R01"
        $0.control = "CTRL5"
        $0.family = "Secretname"
        $0.mrn = "MRN55501"
    }

    /// The shape the issue found: MSH ends after MSH-9 and its separator, so the PID line (had it
    /// been read as a continuation) would have become MSH-10 — the control id that MSA-2 echoes,
    /// the review list shows and the log names.
    static let mergedIntoHeader = Array(("MSH^|~\\&^LAB^HOSP^CQ^CLINIC^20260301^^ORU|R01^\r"
        + "PID|1||MRN55501^^^HOSP^MR||Secretname^Jane||19700101|F\r").utf8) + Draft().bytes.split(separator: 0x0D).dropFirst(2)
        .flatMap { Array($0) + [0x0D] }

    @Test("a PID line that would have become MSH-10 stays a segment: AE 102, and no patient data in the ACK or review list")
    func pidNotMergedIntoHeader() throws {
        let pipeline = try IntakePipeline()

        let answer = try pipeline.deliver(Self.mergedIntoHeader)

        #expect(answer.code == "AE")
        #expect(answer.errorCode == "102")
        #expect(answer.location == "PID^1")
        #expect(answer.controlID == "")
        #expect(!answer.text.contains("MRN55501") && !answer.text.contains("Secretname"))
        let review = try #require(pipeline.database.reviewList().first)
        let shown = [review.sender, review.controlID ?? "", review.reason].joined(separator: " ")
        #expect(!shown.contains("MRN55501") && !shown.contains("Secretname"))
    }

    @Test("a segment written with | under another MSH-1 is AE 102, and none of its fields reach the header")
    func delimitersDisagree() throws {
        let pipeline = try IntakePipeline()

        let answer = try pipeline.deliver(Self.disagreeing)

        #expect(answer.code == "AE")
        #expect(answer.errorCode == "102")
        #expect(answer.location == "PID^1")
        #expect(answer.controlID == "CTRL5")
        #expect(!answer.text.contains("Secretname") && !answer.text.contains("MRN55501"))
        let review = try #require(pipeline.database.reviewList().first)
        let shown = [review.sender, review.controlID ?? "", review.reason].joined(separator: " ")
        #expect(review.controlID == "CTRL5")
        #expect(!shown.contains("Secretname") && !shown.contains("MRN55501") && !shown.contains("19700101"))
    }

    @Test("the parser ends MSH at its line when the next one starts with a segment id and |")
    func parserConflict() throws {
        let message = try HL7Message(parsing: Self.disagreeing.bytes)
        #expect(message.delimiterConflict == HL7DelimiterConflict(segmentIndex: 1, line: 2))
        #expect(message.header.controlID == "CTRL5")
        #expect(message.header.versionID == "2.5.1")
        #expect(message.encoded() == Self.disagreeing.bytes)
    }

    @Test("wrapped lines still continue their segment under an unusual MSH-1")
    func continuationStillWorks() throws {
        let text = "MSH#^~\\&#LAB#H#CQ#C#20260301##ORU^R01#C1#P#2.5.1\rOBX#1#ED#X##^AP^PDF^Base64^QUJD\nQUJDQUJD\nPIDX1\r"
        let message = try HL7Message(parsing: text)
        #expect(message.delimiterConflict == nil)
        #expect(message.segments.count == 2)
    }

    @Test("an FHS/BHS batch inside one frame says what it is", arguments: ["FHS", "BHS"])
    func batchInOneFrame(_ envelope: String) throws {
        let pipeline = try IntakePipeline()
        let batch = Array("\(envelope)|^~\\&|LAB|HOSP\r".utf8) + Draft().bytes + Array("BTS|1\r".utf8)

        let answer = try pipeline.deliver(batch)

        #expect(answer.code == "AR")
        #expect(answer.errorCode == "100")
        let review = try #require(pipeline.database.reviewList().first)
        #expect(review.reason.hasPrefix("a batch inside one frame (\(envelope) before the first MSH): send one message per frame, or use `carequeue send`"))
        #expect(try pipeline.database.rawMessage(id: review.id) == batch)
    }

    @Test("invalid UTF-8 under MSH-18 UNICODE UTF-8 is kept, with a charset warning on the message and the task")
    func invalidUTF8() throws {
        let pipeline = try IntakePipeline()
        var bytes = Draft().with { $0.charset = "UNICODE UTF-8"; $0.family = "M@ller" }.bytes
        bytes[bytes.firstIndex(of: UInt8(ascii: "@"))!] = 0xFC  // ü in Latin-1, invalid alone in UTF-8

        let answer = try pipeline.deliver(bytes)

        #expect(answer.code == "AA")
        let task = try #require(pipeline.database.tasks().first)
        #expect(task.patient == "Müller, Jane")
        #expect(task.charsetWarning == "MSH-18 declares UTF-8 but the bytes are not valid UTF-8; decoded as ISO 8859-1 (Latin-1)")
        #expect(try pipeline.strings("SELECT charset_warning FROM messages") == [task.charsetWarning!])
    }
}
