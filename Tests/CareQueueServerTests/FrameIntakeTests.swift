import CareQueueCore
import CareQueueServer
import Foundation
import HL7
import Testing

@Suite("Listener intake: which frames become results, AE or AR")
struct FrameIntakeTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var payload: String
        var kind: Refusal.Kind?
        var code: HL7ErrorCode?
        var location: String = ""
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "valid ORU^R01", payload: Messages.oru(), kind: nil, code: nil),
        Case(name: "v2.3 ORU without trigger", payload: Messages.oru(version: "2.3", type: "ORU"), kind: nil, code: nil),
        Case(name: "v2.8", payload: Messages.oru(version: "2.8"), kind: nil, code: nil),
        Case(name: "not HL7", payload: "hello, is this the lab?\n", kind: .reject, code: .unsupportedMessageType),
        Case(name: "ADT^A01", payload: Messages.oru(type: "ADT^A01"), kind: .reject, code: .unsupportedMessageType, location: "MSH^1^9"),
        Case(name: "ORM^O02 (an order response)", payload: Messages.oru(type: "ORM^O02"), kind: .reject, code: .unsupportedEventCode, location: "MSH^1^9^1^2"),
        Case(name: "REF^I15", payload: Messages.oru(type: "REF^I15"), kind: .reject, code: .unsupportedEventCode, location: "MSH^1^9^1^2"),
        Case(name: "ORU^R30", payload: Messages.oru(type: "ORU^R30"), kind: .reject, code: .unsupportedEventCode, location: "MSH^1^9^1^2"),
        Case(name: "version 2.1", payload: Messages.oru(version: "2.1"), kind: .reject, code: .unsupportedVersionID, location: "MSH^1^12"),
        Case(name: "version 3.0", payload: Messages.oru(version: "3.0"), kind: .reject, code: .unsupportedVersionID, location: "MSH^1^12"),
        Case(name: "processing id T", payload: Messages.oru(processing: "T"), kind: .reject, code: .unsupportedProcessingID, location: "MSH^1^11"),
        Case(name: "no MRN", payload: Messages.oru(pid3: ""), kind: .error, code: .requiredFieldMissing, location: "PID^1^3"),
        Case(name: "only an SSN", payload: Messages.oru(pid3: "123-45-6789^^^SSA^SS"), kind: .error, code: .requiredFieldMissing, location: "PID^1^3"),
        Case(name: "no OBR", payload: Messages.oru(obr: false), kind: .error, code: .segmentSequenceError, location: "OBR^1"),
    ]

    @Test("classification", arguments: cases)
    func classification(_ c: Case) {
        let decision = FrameIntake(processingIDs: ["P"]).classify(Messages.bytes(c.payload), peer: "127.0.0.1:1", receivedAt: Self.now)
        switch decision.item.content {
        case .result(let result):
            #expect(c.kind == nil)
            #expect(result.controlID == "C1")
            #expect(result.sender.application == "LAB^2.16.840.1.113883.19.4.6^ISO")
        case .order, .consultNote:
            Issue.record("\(c.name) was taken for an order or a consult note")
        case .refused(let refusal):
            #expect(refusal.kind == c.kind)
            #expect(refusal.code == c.code)
            if !c.location.isEmpty { #expect(refusal.location == c.location) }
        }
        #expect(decision.item.raw == Messages.bytes(c.payload))
        #expect((decision.inbound == nil) == (c.name == "not HL7"))
    }

    @Test("[listener] processing_ids admits T")
    func processingIDs() {
        let decision = FrameIntake(processingIDs: ["P", "t"]).classify(Messages.bytes(Messages.oru(processing: "T")), peer: "p", receivedAt: Self.now)
        guard case .result = decision.item.content else {
            Issue.record("T should be accepted when configured")
            return
        }
    }

    @Test("an oversized frame keeps its MSH and is rejected with the size")
    func oversized() throws {
        let head = Array(Messages.oru().utf8.prefix { $0 != 0x0D })
        let decision = FrameIntake(processingIDs: ["P"]).classifyOversized(head: head, totalBytes: 20_000_000, limit: 16_777_216,
                                                                            peer: "p", receivedAt: Self.now)
        #expect(decision.item.controlID == "C1")
        #expect(decision.inbound != nil)
        guard case .refused(let refusal) = decision.item.content else {
            Issue.record("expected a refusal")
            return
        }
        #expect(refusal.kind == .reject)
        #expect(refusal.reason.contains("20000000 bytes"))
    }
}
