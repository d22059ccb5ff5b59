import CareQueueCore
import Foundation
import HL7
import Testing

/// "The same message" (a resend) versus a different message reusing a control id: the first is
/// AA with nothing new; the second is never silently dropped.
@Suite("Hostile input: resends and reused control ids")
struct DuplicateRuleTests {
    static let original = Draft()

    @Test("a resend differing only in MSH-7 and segment terminators is the same message: AA, nothing new",
          arguments: ["\n", "\r\n", "\r\r"])
    func resend(terminator: String) throws {
        let pipeline = try IntakePipeline()
        #expect(try pipeline.deliver(Self.original).code == "AA")

        let answer = try pipeline.deliver(Self.original.with { $0.timestamp = "20260301120500"; $0.terminator = terminator })

        #expect(answer.code == "AA")
        #expect(try pipeline.count("SELECT COUNT(*) FROM messages") == 1)
        #expect(try pipeline.count("SELECT COUNT(*) FROM tasks") == 1)
        #expect(try pipeline.count("SELECT COUNT(*) FROM audit WHERE action = 'message.duplicate'") == 1)
    }

    @Test("a control id reused with different content is AE 205, kept for review and pointing at the original")
    func reuseRefused() throws {
        let pipeline = try IntakePipeline()
        #expect(try pipeline.deliver(Self.original).code == "AA")
        let other = Self.original.with { $0.mrn = "MRN2"; $0.family = "Roe"; $0.filler = "F2"; $0.value = "6.9" }

        let answer = try pipeline.deliver(other)

        #expect(answer.code == "AE")
        #expect(answer.errorCode == "205")
        #expect(answer.location == "MSH^1^10")
        let review = try #require(pipeline.database.reviewList().first)
        #expect(review.originalMessageID == 1)
        #expect(review.reason.hasPrefix("control id reused with different content: message 1"))
        #expect(try pipeline.database.rawMessage(id: review.id) == other.bytes)
        #expect(try pipeline.count("SELECT COUNT(*) FROM tasks") == 1)
    }

    @Test("[listener] reused_control_id = accept stores it as a new message; resends of either stay duplicates")
    func reuseAccepted() throws {
        let pipeline = try IntakePipeline { $0.listener.reusedControlID = .accept }
        let other = Self.original.with { $0.mrn = "MRN2"; $0.family = "Roe"; $0.placer = "P2"; $0.filler = "F2" }
        #expect(try pipeline.deliver(Self.original).code == "AA")

        #expect(try pipeline.deliver(other).code == "AA")
        #expect(try pipeline.deliver(other.with { $0.timestamp = "20260301130000" }).code == "AA")
        #expect(try pipeline.deliver(Self.original).code == "AA")

        #expect(try pipeline.count("SELECT COUNT(*) FROM messages") == 2)
        #expect(try pipeline.count("SELECT COUNT(*) FROM messages WHERE original_message_id = 1 AND ack_code = 'AA'") == 1)
        #expect(try pipeline.count("SELECT COUNT(*) FROM tasks") == 2)
        #expect(try pipeline.count("SELECT COUNT(*) FROM audit WHERE action = 'message.duplicate'") == 2)
        #expect(try pipeline.count("SELECT COUNT(*) FROM audit WHERE action = 'message.control_id_reused'") == 1)
    }

    @Test("a refused message never counts as the original: the same control id with a fix is accepted")
    func refusedIsNotAnOriginal() throws {
        let pipeline = try IntakePipeline()
        #expect(try pipeline.deliver(Self.original.with { $0.mrn = "" }).code == "AE")

        #expect(try pipeline.deliver(Self.original).code == "AA")
        #expect(try pipeline.count("SELECT COUNT(*) FROM tasks") == 1)
    }
}

@Suite("The same-message rule")
struct SameMessageTests {
    static let base = "MSH|^~\\&|LAB|HOSP|CQ|CLINIC|20260301120000||ORU^R01|C1|P|2.5.1\rPID|1||MRN1^^^H^MR\r"

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var other: String
        var same: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "identical", other: base, same: true),
        Case(name: "LF terminators", other: base.replacingOccurrences(of: "\r", with: "\n"), same: true),
        Case(name: "CR LF terminators", other: base.replacingOccurrences(of: "\r", with: "\r\n"), same: true),
        Case(name: "no final terminator", other: String(base.dropLast()), same: true),
        Case(name: "a BOM in front", other: "\u{FEFF}" + base, same: true),
        Case(name: "another MSH-7", other: base.replacingOccurrences(of: "20260301120000", with: "20260302000000"), same: true),
        Case(name: "an empty MSH-7", other: base.replacingOccurrences(of: "20260301120000", with: ""), same: true),
        Case(name: "another MRN", other: base.replacingOccurrences(of: "MRN1", with: "MRN2"), same: false),
        Case(name: "another MSH-9", other: base.replacingOccurrences(of: "ORU^R01", with: "ORU^R01^ORU_R01"), same: false),
        Case(name: "a trailing space", other: base.replacingOccurrences(of: "MR\r", with: "MR \r"), same: false),
        Case(name: "an extra segment", other: base + "NTE|1||x\r", same: false),
        Case(name: "a NUL in a field", other: base.replacingOccurrences(of: "MRN1", with: "MRN1\u{0}"), same: false),
    ]

    @Test("what counts as the same message", arguments: cases)
    func rule(_ c: Case) {
        #expect(SameMessage.isSame(Array(Self.base.utf8), Array(c.other.utf8)) == c.same)
    }

    @Test("MSH-7 is found whatever the field separator")
    func otherSeparator() {
        let a = Array("MSH#^~\\&#A#B#C#D#202601#X#ORU^R01#C1".utf8)
        let b = Array("MSH#^~\\&#A#B#C#D#202602#X#ORU^R01#C1".utf8)
        #expect(SameMessage.isSame(a, b))
        #expect(!SameMessage.isSame(a, Array("MSH#^~\\&#A#B#C#D#202602#Y#ORU^R01#C1".utf8)))
    }
}
