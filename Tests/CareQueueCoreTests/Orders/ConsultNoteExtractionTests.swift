@testable import CareQueueCore
import Foundation
import HL7
import Testing

@Suite("Consult notes: what is read from MDM^T02 and its edits, and what is refused")
struct ConsultNoteExtractionTests {
    /// An MDM in `version` with `trigger`; `order` adds the v2.5 ORC/OBR group naming `orderNumber`.
    static func mdm(version: String = "2.5", trigger: String = "T02", order: String? = "RF-1", txa14: String = "RF-1",
                    txa12: String = "DOC-1", completion: String = "AU", pv1Doctor: String = "1000000020^Patel^Anika",
                    obr16: String = "") -> String {
        var segments = [
            "MSH|^~\\&|CARDIO|HEART|EHR|CLINIC|20260310143000||MDM^\(trigger)|C1|P|\(version)",
            "EVN|\(trigger)|20260310143000",
            "PID|1||MRN1^^^H^MR||TESTPATIENT^GOLF",
            "PV1|1|O||||||\(pv1Doctor)",
        ]
        if let order {
            segments.append("ORC|RE|\(order)")
            segments.append("OBR|1|\(order)||11488-4^Consult note^LN||||||||||||\(obr16)")
        }
        segments.append("TXA|1|CN^Consultation^HL70270|TX||1922334455^Ng^Lee|||||||\(txa12)||\(txa14)|||\(completion)")
        segments.append("OBX|1|TX|11488-4^Consult note^LN||Stress test negative.||||||F")
        segments.append("NTE|1||Discussed with patient.")
        return segments.joined(separator: "\r") + "\r"
    }

    static func classify(_ text: String) -> IngestItem.Content {
        FrameIntake(processingIDs: ["P"]).classify(Array(text.utf8), peer: "test", receivedAt: Date()).item.content
    }

    static func note(_ text: String) throws -> ConsultNote {
        guard case .consultNote(let note) = classify(text) else { throw Unexpected(content: "\(classify(text))") }
        return note
    }

    struct Unexpected: Error { var content: String }

    @Test("v2.5 MDM^T02 with an ORC/OBR group: referral ids ORC-2 then TXA-14, document number, type, provider, body")
    func v25() throws {
        let note = try Self.note(Self.mdm(txa14: "RF-2~RF-1", obr16: "1000000038^Muller^Hans^^^^^^^^^^NPI"))
        #expect(note.type == "MDM^T02" && note.patient.mrn == "MRN1")
        #expect(note.referralIDs == ["RF-1", "RF-2"], "ORC-2 and OBR-2 first, then each TXA-14, without repeats")
        let document = note.document
        #expect(document.placerNumber == "RF-1" && document.fillerNumber == "DOC-1")
        #expect(document.serviceCode == "CN" && document.serviceText == "Consultation")
        #expect(document.orderingProvider?.id == "1000000038" && document.orderingProvider?.source == .obr16)
        #expect(document.resultStatus == "F")
        #expect(document.observations.map(\.value) == ["Stress test negative."])
        #expect(document.observations.first?.notes == ["Discussed with patient."])
        #expect(note.asResult.patientResults.first?.orders == [document])
    }

    @Test("v2.3 MDM^T02 without ORC: TXA-14 names the referral, PV1-8 (referring doctor) the provider")
    func v23() throws {
        let note = try Self.note(Self.mdm(version: "2.3", order: nil, completion: "DI"))
        #expect(note.referralIDs == ["RF-1"])
        #expect(note.document.orderingProvider?.id == "1000000020" && note.document.orderingProvider?.source == .pv1Referring)
        #expect(note.document.resultStatus == "P", "dictated, not yet authenticated: preliminary")
    }

    @Test("a note that names no referral is still a consult note, with no placer number")
    func noReferral() throws {
        let note = try Self.note(Self.mdm(order: nil, txa14: ""))
        #expect(note.referralIDs.isEmpty && note.document.placerNumber == nil && note.document.fillerNumber == "DOC-1")
    }

    @Test("edits with content: T06 addendum as sent, T08 edit and T10 replacement correct the note",
          arguments: [("T06", "F"), ("T08", "C"), ("T10", "C")])
    func edits(_ trigger: String, _ status: String) throws {
        let note = try Self.note(Self.mdm(trigger: trigger))
        #expect(note.type == "MDM^\(trigger)" && note.document.resultStatus == status)
    }

    struct Refused: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var kind: Refusal.Kind
        var code: HL7ErrorCode
        var location: String
        var testDescription: String { name }
    }

    static let refused: [Refused] = [
        Refused(name: "T01 (notification without content)", text: mdm(trigger: "T01"), kind: .reject,
                code: .unsupportedEventCode, location: "MSH^1^9^1^2"),
        Refused(name: "T11 (cancel)", text: mdm(trigger: "T11"), kind: .reject, code: .unsupportedEventCode, location: "MSH^1^9^1^2"),
        Refused(name: "no TXA-12", text: mdm(txa12: ""), kind: .error, code: .requiredFieldMissing, location: "TXA^1^12"),
        Refused(name: "no TXA", text: mdm().replacingOccurrences(of: "TXA|", with: "ZXA|"), kind: .error,
                code: .segmentSequenceError, location: "TXA^1"),
        Refused(name: "no MRN", text: mdm().replacingOccurrences(of: "MRN1^^^H^MR", with: ""), kind: .error,
                code: .requiredFieldMissing, location: "PID^1^3"),
        Refused(name: "NUL in the referral id", text: mdm(order: nil, txa14: "RF\u{0}1"), kind: .error,
                code: .dataTypeError, location: "TXA^1^14"),
        Refused(name: "tab in the document number", text: mdm(txa12: "DOC\t1"), kind: .error, code: .dataTypeError, location: "TXA^1^12"),
    ]

    @Test("refused, with the ERR the sender can act on", arguments: refused)
    func refusals(_ c: Refused) {
        guard case .refused(let refusal) = Self.classify(c.text) else {
            Issue.record("\(c.name) was accepted")
            return
        }
        #expect(refusal.kind == c.kind && refusal.code == c.code && refusal.location == c.location, "\(refusal)")
    }

    @Test("the tier rule: consult_note_tier and its reason, unless the note's observations say more")
    func rule() {
        let windows = CareQueueConfig.Windows()
        let start = Date(timeIntervalSince1970: 1_767_268_800)
        func update(_ urgency: Urgency) -> OrderUpdateResult {
            let task = TaskState(key: OrderKey(sender: SenderID(application: "A", facility: "F"), placerNumber: "RF-1",
                                               fillerNumber: "DOC-1", serviceCode: "CN"),
                                 serviceText: "Consultation", patient: Patient(mrn: "MRN1", family: "", given: ""),
                                 routing: RoutingDecision(assignedNPI: nil, orderingNPI: nil, coveringForNPI: nil, explanation: ""),
                                 urgency: urgency, urgencyReason: "lab", resultStatus: "F", status: .open, receivedAt: start,
                                 clockStartedAt: start, dueAt: start.addingTimeInterval(windows.window(for: urgency)), observations: [])
            return OrderUpdateResult(task: task, retiredObservations: [], addedObservations: [],
                                     events: [TaskEvent(.created, ["urgency": urgency.rawValue])])
        }
        var raised = update(.routine)
        ConsultNoteRule.apply(&raised, tier: .abnormal, reason: ConsultNoteRule.reviewReason(.abnormal), windows: windows)
        #expect(raised.task.urgency == .abnormal && raised.task.urgencyReason == "abnormal: consult note received — review")
        #expect(raised.task.dueAt == start.addingTimeInterval(windows.abnormal))
        #expect(raised.events.first?.details["urgency"] == "abnormal")

        var critical = update(.critical)
        ConsultNoteRule.apply(&critical, tier: .routine, reason: ConsultNoteRule.reviewReason(.routine), windows: windows)
        #expect(critical.task.urgency == .critical && critical.task.urgencyReason == "lab", "a critical value in the note stays critical")

        var same = update(.routine)
        ConsultNoteRule.apply(&same, tier: .routine, reason: ConsultNoteRule.unmatchedReason(.routine), windows: windows)
        #expect(same.task.urgencyReason == "routine: consult note received — no referral on file")
        #expect(ConsultNoteRule.isUnmatched(same.task.urgencyReason) && !ConsultNoteRule.isUnmatched(ConsultNoteRule.reviewReason(.routine)))
        #expect(same.task.dueAt == start.addingTimeInterval(windows.routine))
    }
}
