import CareQueueCore
@testable import CareQueueStore
import Foundation
import StoreFixtures
import Testing

@Suite("Consult notes through the store: they close the referral they name and go to the referring provider")
struct ConsultNoteTests {
    static let cardiology = SenderID(application: "CARDIO", facility: "HEART")

    /// REF^I12 for `mrn`: referral `id`, reason CARD, referred by `referring`.
    static func referral(_ control: String, id: String = "RF-1", mrn: String = "MRN1", referring: String? = Fixture.drA) -> IngestItem {
        let item = OrderItem(action: .create, control: "REF^I12", placerNumber: id, serviceCode: "CARD",
                             serviceText: "Cardiology evaluation",
                             orderingProvider: referring.map { ProviderReference(id: $0, idType: "NPI", isNPI: true, source: .orc12) },
                             orderedAt: Fixture.start.addingTimeInterval(-86_400))
        return OrderTrackingTests.order(control, [item], mrn: mrn, kind: .referral)
    }

    /// MDM^T02 from the cardiologist naming `ids`; its own provider `provider` (PV1-8).
    static func note(_ control: String, ids: [String] = ["RF-1"], document: String = "DOC-1", mrn: String = "MRN1",
                     provider: String? = nil, status: String = "F", flags: [String] = []) -> IngestItem {
        let body = Observation(code: "11488-4", text: "Consult note", valueType: "TX", value: "Stress test negative.",
                               units: "", range: "", flags: flags, status: "F")
        let document = OrderResult(placerNumber: ids.first, fillerNumber: document, serviceCode: "CN", serviceText: "Consultation",
                                   orderingProvider: provider.map { ProviderReference(id: $0, idType: "NPI", isNPI: true, source: .pv1Referring) },
                                   resultStatus: status, observations: [body])
        let note = ConsultNote(sender: cardiology, controlID: control, version: "2.5", type: "MDM^T02",
                               patient: Fixture.patient(mrn), referralIDs: ids, document: document)
        return IngestItem(raw: Array("MSH|^~\\&|CARDIO|HEART|||||MDM^T02|\(control)|P|2.5\r".utf8), peer: "127.0.0.1:40002",
                          sender: cardiology, controlID: control, receivedAt: Fixture.start, content: .consultNote(note))
    }

    struct Referral: Equatable {
        var state: String
        var task: Int64?
        var resultedAt: String?
    }

    static func referrals(_ store: TestStore) throws -> [Referral] {
        try store.database.engine.read { db in
            try db.fetchAll("SELECT * FROM orders WHERE kind = 'referral' ORDER BY id").map {
                Referral(state: $0["state"], task: $0["result_task_id"], resultedAt: $0["resulted_at"])
            }
        }
    }

    static func task(_ store: TestStore, _ id: Int64) throws -> SQLRow {
        try #require(try store.database.engine.read { db in try db.fetchOne("SELECT * FROM tasks WHERE id = ?") { $0.add(id) } })
    }

    @Test("MDM^T02 naming the referral: the referral is final, the note a routine task for the referring provider", arguments: StoreKind.available)
    func documentClosesReferral(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        try store.ingest(Self.referral("REF1"))
        // The note's own provider (drB) is not whom it goes to: the referral names the referring drA.
        let taskID = try #require(try store.taskIDs(Self.note("MDM1", provider: Fixture.drB)).first)
        #expect(try Self.referrals(store) == [Referral(state: "final", task: taskID, resultedAt: "2026-01-01T12:00:00Z")])
        let task = try Self.task(store, taskID)
        #expect(task["assigned_npi"] as String? == Fixture.drA)
        #expect((task["routing_explanation"] as String).contains("the referral (PRD RP)"))
        #expect(task["urgency"] as String == "routine")
        #expect(task["urgency_reason"] as String == "routine: consult note received — review")
        #expect(task["service_text"] as String == "Cardiology evaluation", "named by the referral's reason")
        #expect(task["filler_number"] as String? == "DOC-1" && task["placer_number"] as String? == "RF-1")
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'referral.closed' AND task_id = \(taskID)") == 1)
    }

    @Test("an ORU whose placer number is the referral id closes it and goes to the referring provider, not OBR-16's", arguments: StoreKind.available)
    func resultClosesReferral(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        try store.ingest(Self.referral("REF1", referring: Fixture.drB))
        let taskID = try #require(try store.taskIDs(Fixture.result("R1", Fixture.order(filler: "F9", placer: "RF-1", service: "11488-4",
                                                                                       provider: Fixture.drC, observations: [Fixture.potassium()]))).first)
        #expect(try Self.referrals(store).map(\.state) == ["final"])
        let task = try Self.task(store, taskID)
        #expect(task["assigned_npi"] as String? == Fixture.drB)
        #expect(task["urgency_reason"] as String == "routine: consult note received — review")
    }

    @Test("an ORU under a number a lab order also has is that order's result, not a consult note", arguments: StoreKind.available)
    func labOrderTakesItsResult(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        try store.ingest(Self.referral("REF1", id: "P1"))
        try store.ingest(OrderTrackingTests.order("O1", [OrderTrackingTests.item(.create, placer: "P1")]))
        let taskID = try #require(try store.taskIDs(Fixture.result("R1", Fixture.order(placer: "P1", observations: [Fixture.potassium()]))).first)
        #expect(try Self.referrals(store).map(\.state) == ["ordered"])
        #expect(try store.string("SELECT state FROM orders WHERE kind = 'order'") == "final")
        #expect(!(try Self.task(store, taskID)["urgency_reason"] as String).contains("consult note"))
    }

    @Test("a note naming no referral on file is kept: a task for its own provider, 'no referral on file'; nothing closes", arguments: StoreKind.available)
    func unknownReferral(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        try store.ingest(Self.referral("REF1", id: "RF-1"))
        try store.ingest(Self.referral("REF2", id: "RF-9", mrn: "MRN2"))
        let taskID = try #require(try store.taskIDs(Self.note("MDM1", ids: ["RF-9"], provider: Fixture.drB)).first)
        #expect(try Self.referrals(store).map(\.state) == ["ordered", "ordered"], "RF-9 is another patient's referral")
        let task = try Self.task(store, taskID)
        #expect(task["assigned_npi"] as String? == Fixture.drB)
        #expect(task["urgency_reason"] as String == "routine: consult note received — no referral on file")
        // Naming no referral at all, and no provider: still kept, Unassigned.
        let bare = try #require(try store.taskIDs(Self.note("MDM2", ids: [], document: "DOC-2")).first)
        #expect(try Self.task(store, bare)["assigned_npi"] as String? == nil)
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'referral.closed'") == 0)
    }

    @Test("the second id a note names counts when the first is not on file", arguments: StoreKind.available)
    func laterID(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        try store.ingest(Self.referral("REF1", id: "RF-2"))
        try store.ingest(Self.note("MDM1", ids: ["X-1", "RF-2"]))
        #expect(try Self.referrals(store).map(\.state) == ["final"])
    }

    @Test("a note before its referral: the REF finds the note's task, closes as of the note, and routes it if Unassigned", arguments: StoreKind.available)
    func noteBeforeReferral(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let taskID = try #require(try store.taskIDs(Self.note("MDM1")).first)
        #expect(try Self.task(store, taskID)["assigned_npi"] as String? == nil)
        store.clock.advance(by: 600)
        try store.ingest(Self.referral("REF1"))
        #expect(try Self.referrals(store) == [Referral(state: "final", task: taskID, resultedAt: "2026-01-01T12:00:00Z")])
        #expect(try store.string("SELECT updated_at FROM orders") == "2026-01-01T12:10:00Z")
        let task = try Self.task(store, taskID)
        #expect(task["assigned_npi"] as String? == Fixture.drA)
        #expect(task["urgency_reason"] as String == "routine: consult note received — review")
        #expect(task["service_text"] as String == "Cardiology evaluation")
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'task.routed' AND task_id = \(taskID)") == 1)
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'referral.closed'") == 1)
    }

    @Test("a note before its referral that already has an owner keeps that owner", arguments: StoreKind.available)
    func noteBeforeReferralKeepsOwner(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let taskID = try #require(try store.taskIDs(Self.note("MDM1", provider: Fixture.drB)).first)
        try store.ingest(Self.referral("REF1"))
        #expect(try Self.referrals(store).map(\.state) == ["final"])
        #expect(try Self.task(store, taskID)["assigned_npi"] as String? == Fixture.drB)
    }

    @Test("an edit (T08) of the same document updates its task; the referral stays closed once", arguments: StoreKind.available)
    func edit(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        try store.ingest(Self.referral("REF1"))
        let first = try store.taskIDs(Self.note("MDM1"))
        let again = try store.taskIDs(Self.note("MDM2", status: "C"))
        #expect(first == again && first.count == 1)
        #expect(try Self.task(store, first[0])["result_status"] as String == "C")
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'referral.closed'") == 1)
    }

    @Test("[turnaround] consult_note_tier sets the tier and its due time; a critical value in the note stays critical",
          arguments: StoreKind.available,
          [(Urgency.abnormal, [String](), Urgency.abnormal), (.routine, ["HH"], .critical), (.critical, [], .critical)])
    func tier(kind: StoreKind, _ tiers: (Urgency, [String], Urgency)) throws {
        let (configured, flags, expected) = tiers
        var config = CareQueueConfig()
        config.turnaround.consultNoteTier = configured
        let store = try TestStore(kind: kind, config: config)
        try store.ingest(Self.referral("REF1"))
        let taskID = try #require(try store.taskIDs(Self.note("MDM1", flags: flags)).first)
        let task = try store.task(taskID)
        #expect(task.urgency == expected)
        #expect(task.dueAt == Fixture.start.addingTimeInterval(config.windows.window(for: expected)))
    }
}
