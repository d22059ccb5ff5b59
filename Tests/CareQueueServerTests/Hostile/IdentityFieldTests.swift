import CareQueueCore
import Foundation
import HL7
import Testing

/// The fields that identify a message, a patient or an order must be whole: what the listener
/// answers when they are blank or hold control characters, and that nothing is dropped.
@Suite("Hostile input: identity fields")
struct IdentityFieldTests {
    @Test("an empty or blank control id is answered AE 101 and kept for review, never taken for a duplicate",
          arguments: ["", "  "])
    func blankControlID(_ control: String) throws {
        let pipeline = try IntakePipeline()
        let first = Draft().with { $0.control = control }
        let second = Draft().with { $0.control = control; $0.mrn = "MRN2"; $0.filler = "F2"; $0.family = "Roe" }

        for draft in [first, second] {
            let answer = try pipeline.deliver(draft)
            #expect(answer.code == "AE")
            #expect(answer.errorCode == "101")
            #expect(answer.location == "MSH^1^10")
            #expect(answer.controlID == control)
        }

        let review = try pipeline.database.reviewList()
        #expect(review.count == 2)
        #expect(try pipeline.database.rawMessage(id: review[0].id) == first.bytes)
        #expect(try pipeline.database.rawMessage(id: review[1].id) == second.bytes)
        #expect(try pipeline.count("SELECT COUNT(*) FROM tasks") == 0)
    }

    struct ControlCase: CustomTestStringConvertible, Sendable {
        var name: String
        var location: String
        var change: @Sendable (inout Draft) -> Void
        var testDescription: String { name }
    }

    static let controlCases: [ControlCase] = [
        ControlCase(name: "NUL in MSH-10", location: "MSH^1^10") { $0.control = "C1\u{0}9" },
        ControlCase(name: "ESC in MSH-10", location: "MSH^1^10") { $0.control = "C1\u{1B}]0;pwned\u{7}" },
        ControlCase(name: "NUL in MSH-3", location: "MSH^1^3") { $0.application = "LAB\u{0}X" },
        ControlCase(name: "BEL in MSH-4", location: "MSH^1^4") { $0.facility = "HOSP\u{7}" },
        ControlCase(name: "NUL in PID-3's MRN", location: "PID^1^3") { $0.mrn = "MRN9\u{0}00" },
        ControlCase(name: "a hex escape decoding to NUL in PID-3", location: "PID^1^3") { $0.mrn = "MRN9\\X00\\00" },
        ControlCase(name: "NUL in OBR-2", location: "OBR^1^2") { $0.placer = "P1\u{0}2" },
        ControlCase(name: "DEL in OBR-3", location: "OBR^1^3") { $0.filler = "F1\u{7F}" },
        ControlCase(name: "BEL in OBR-4's code", location: "OBR^1^4") { $0.service = "2823\u{7}-3" },
    ]

    @Test("control characters in an identity field are answered AE 102 at their location and kept for review",
          arguments: controlCases)
    func controlCharacters(_ c: ControlCase) throws {
        let pipeline = try IntakePipeline()
        let draft = Draft().with(c.change)

        let answer = try pipeline.deliver(draft)

        #expect(answer.code == "AE")
        #expect(answer.errorCode == "102")
        #expect(answer.location == c.location)
        #expect(answer.controlID == draft.control)
        let review = try #require(pipeline.database.reviewList().first)
        #expect(try pipeline.database.rawMessage(id: review.id) == draft.bytes)
        #expect(!UntrustedText.hasControlCharacters(review.sender + (review.controlID ?? "")))
        #expect(try pipeline.count("SELECT COUNT(*) FROM tasks") == 0)
    }

    @Test("two control ids that differ only after a NUL are both kept: neither is dropped as a duplicate")
    func nulDoesNotMergeControlIDs() throws {
        let pipeline = try IntakePipeline()
        _ = try pipeline.deliver(Draft().with { $0.control = "A\u{0}B" })
        _ = try pipeline.deliver(Draft().with { $0.control = "A\u{0}C"; $0.mrn = "MRN2"; $0.filler = "F2" })

        let review = try pipeline.database.reviewList()
        #expect(review.map(\.controlID) == ["A<0x00>B", "A<0x00>C"])
        #expect(try pipeline.count("SELECT COUNT(*) FROM messages") == 2)
    }

    @Test("an ordering provider id with control characters still gets an owner and a clock: Unassigned, saying why")
    func providerIDWithControls() throws {
        let pipeline = try IntakePipeline()

        let answer = try pipeline.deliver(Draft().with { $0.provider = "12345\u{0}67893" })

        #expect(answer.code == "AA")
        let task = try #require(pipeline.database.tasks().first)
        #expect(task.assignedNPI == nil)
        #expect(task.orderingNPI == nil)
        #expect(task.routing == "Unassigned: provider id 12345<0x00>67893 in OBR-16 contains control characters")
        #expect(task.dueAt != nil)
    }

    @Test("control characters in other text fields are kept whole and shown as <0xNN>")
    func textFieldsKeepEverything() throws {
        let pipeline = try IntakePipeline()

        let answer = try pipeline.deliver(Draft().with {
            $0.family = "Do\u{0}e"
            $0.value = "4\u{0}.1"
            $0.units = "mmol\u{1B}[2J/L"
            $0.note = "see \u{7}report"
        })

        #expect(answer.code == "AA")
        let task = try #require(pipeline.database.tasks().first)
        #expect(task.patient == "Do<0x00>e, Jane")
        #expect(task.observations.first?.value == "4<0x00>.1")
        #expect(task.observations.first?.units == "mmol<0x1B>[2J/L")
        #expect(try pipeline.strings("SELECT notes FROM observations") == [#"["see <0x07>report"]"#])
    }

    @Test("a blank order number is no order number: an order with only blank ones is AE 101")
    func blankOrderNumbers() throws {
        let pipeline = try IntakePipeline()

        let answer = try pipeline.deliver(Draft().with { $0.placer = " "; $0.filler = "  " })

        #expect(answer.code == "AE")
        #expect(answer.errorCode == "101")
        #expect(answer.location == "OBR^1^3")
    }
}

@Suite("Untrusted text")
struct UntrustedTextTests {
    @Test("blank is empty or any white space", arguments: ["", " ", "  ", "\u{A0}", " \u{3000}"])
    func blank(_ text: String) {
        #expect(UntrustedText.isBlank(text))
    }

    @Test("controls are C0, DEL and C1", arguments: ["\u{0}", "\u{1F}", "\u{7F}", "\u{85}", "\u{9B}"])
    func controls(_ text: String) {
        #expect(UntrustedText.hasControlCharacters(text))
        #expect(UntrustedText.visible(text).hasPrefix("<0x"))
    }

    @Test("a log value is printable ASCII, escaped and bounded")
    func forLog() {
        #expect(UntrustedText.forLog("C1\u{1B}]0;x\u{7}\\é") == "C1\\x1B]0;x\\x07\\\\\\xC3\\xA9")
        #expect(UntrustedText.forLog(String(repeating: "x", count: 100)) == String(repeating: "x", count: 64) + "…")
        #expect(UntrustedText.forLog(String(repeating: "\u{0}", count: 100)).count == 16 * 4 + 1)
    }

    @Test("visible keeps layout characters when asked, and everything else")
    func visible() {
        #expect(UntrustedText.visible("a\tb\nc\u{0}d", keepingLayout: true) == "a\tb\nc<0x00>d")
        #expect(UntrustedText.visible("a\tb\nc\u{0}d") == "a<0x09>b<0x0A>c<0x00>d")
        #expect(UntrustedText.visible("Müller 患者") == "Müller 患者")
    }
}
