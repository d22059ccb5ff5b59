import CareQueueCore
@testable import CareQueueStore
import Foundation
import StoreFixtures
import Testing

@Suite("Orders through the store (v14-orders): tracked, cancelled, matched to their results")
struct OrderTrackingTests {
    static let ehr = SenderID(application: "EHR", facility: "CLINIC")

    static func order(_ control: String, _ items: [OrderItem], mrn: String = "MRN1", kind: OrderMessage.Kind = .order) -> IngestItem {
        let message = OrderMessage(kind: kind, sender: ehr, controlID: control, version: "2.5.1",
                                   type: kind == .order ? "ORM^O01" : "REF^I12", patient: Fixture.patient(mrn), items: items)
        return IngestItem(raw: Array("MSH|^~\\&|EHR|CLINIC|||||ORM^O01|\(control)|P|2.5.1\r".utf8), peer: "127.0.0.1:40001",
                          sender: ehr, controlID: control, receivedAt: Fixture.start, content: .order(message))
    }

    static func item(_ action: OrderItem.Action, placer: String = "P1", filler: String? = nil, service: String = "BMP") -> OrderItem {
        OrderItem(action: action, control: action == .create ? "NW" : action == .change ? "XO" : "CA", placerNumber: placer,
                  fillerNumber: filler, serviceCode: service, serviceText: "Basic metabolic panel",
                  orderingProvider: ProviderReference(id: Fixture.drA, idType: "NPI", isNPI: true, source: .orc12),
                  orderedAt: Fixture.start.addingTimeInterval(-3600))
    }

    struct Row: Equatable {
        var placer: String
        var service: String
        var state: String
        var filler: String?
        var task: Int64?
    }

    static func rows(_ store: TestStore) throws -> [Row] {
        try store.database.engine.read { db in
            try db.fetchAll("SELECT * FROM orders ORDER BY id").map {
                Row(placer: $0["placer_number"], service: $0["service_code"], state: $0["state"], filler: $0["filler_number"],
                    task: $0["result_task_id"])
            }
        }
    }

    @Test("an order awaits; a preliminary result marks it, the final one finishes it; the filler number is learned",
          arguments: StoreKind.available)
    func orderThenResults(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        #expect(try store.ingest(Self.order("O1", [Self.item(.create)])) == .accepted(messageID: 1))
        #expect(try Self.rows(store) == [Row(placer: "P1", service: "BMP", state: "ordered")])
        let task = try #require(try store.taskIDs(Fixture.result("R1", Fixture.order(filler: "F1", status: "P", observations: [Fixture.potassium()]))).first)
        #expect(try Self.rows(store) == [Row(placer: "P1", service: "BMP", state: "preliminary", filler: "F1", task: task)])
        try store.ingest(Fixture.result("R2", Fixture.order(filler: "F1", status: "F", observations: [Fixture.potassium()])))
        #expect(try Self.rows(store).first?.state == "final")
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'order.resulted'") == 2)
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'order.created'") == 1)
        // Read back as tracked orders: by state, by id, by the task that answers it.
        let tracked = try #require(try store.database.trackedOrders().first)
        #expect(tracked.state == .final && tracked.resultTaskID == task && tracked.fillerNumber == "F1")
        #expect(try store.database.trackedOrders(states: [.ordered]).isEmpty)
        #expect(try store.database.trackedOrder(id: tracked.id) == tracked)
        #expect(try store.database.trackedOrder(forTask: task) == tracked)
        #expect(try store.database.trackedOrder(forTask: task + 1) == nil)
    }

    @Test("a result stored before its order: the order is resulted as soon as it arrives",
          arguments: StoreKind.available)
    func resultBeforeOrder(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let task = try #require(try store.taskIDs(Fixture.result("R1", Fixture.order(observations: [Fixture.potassium()]))).first)
        try store.ingest(Self.order("O1", [Self.item(.create)]))
        #expect(try Self.rows(store) == [Row(placer: "P1", service: "BMP", state: "final", filler: "F1", task: task)])
    }

    @Test("matching: the same patient and placer number from any sender; else the filler number; never another patient's",
          arguments: StoreKind.available)
    func matching(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        try store.ingest(Self.order("O1", [Self.item(.create, placer: "P1"), Self.item(.create, placer: "P2", filler: "F2")]))
        try store.ingest(Self.order("O2", [Self.item(.create, placer: "P1")], mrn: "MRN2"))
        let otherLab = SenderID(application: "REFLAB", facility: "EAST")
        try store.ingest(Fixture.item(Fixture.message("R1", [(Fixture.patient(), [Fixture.order(filler: "X1", placer: "P1", observations: [Fixture.potassium()])])],
                                                      sender: otherLab)))
        try store.ingest(Fixture.result("R2", Fixture.order(filler: "F2", placer: nil, observations: [Fixture.potassium()])))
        let rows = try Self.rows(store)
        #expect(rows.map(\.state) == ["final", "final", "ordered"], "MRN2's P1 is another patient's order")
        #expect(rows[0].filler == "X1" && rows[1].filler == "F2")
    }

    @Test("the same test first; the only order under the number otherwise; none when several differ",
          arguments: StoreKind.available)
    func whichTest(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        try store.ingest(Self.order("O1", [Self.item(.create, placer: "P1", service: "CBC"), Self.item(.create, placer: "P1", service: "BMP")]))
        try store.ingest(Self.order("O2", [Self.item(.create, placer: "P3", service: "TSH")]))
        try store.ingest(Fixture.result("R1", Fixture.order(filler: "F1", placer: "P1", service: "BMP", observations: [Fixture.potassium()])))
        try store.ingest(Fixture.result("R2", Fixture.order(filler: "F3", placer: "P3", service: "FT4", observations: [Fixture.potassium()])))
        try store.ingest(Fixture.result("R3", Fixture.order(filler: "F9", placer: "P1", service: "LIPID", observations: [Fixture.potassium()])))
        #expect(try Self.rows(store).map { "\($0.service) \($0.state)" } == ["CBC ordered", "BMP final", "TSH final"])
    }

    @Test("a repeated NW updates the order; CA cancels one test, or every test when it names none; XO changes",
          arguments: StoreKind.available)
    func repeatsAndCancels(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        try store.ingest(Self.order("O1", [Self.item(.create, service: "CBC"), Self.item(.create, service: "BMP")]))
        try store.ingest(Self.order("O2", [Self.item(.create, service: "CBC")]))
        #expect(try Self.rows(store).count == 2, "a resent order is the same order")
        try store.ingest(Self.order("O3", [Self.item(.cancel, service: "BMP")]))
        #expect(try Self.rows(store).map(\.state) == ["ordered", "cancelled"])
        try store.ingest(Self.order("O4", [Self.item(.cancel, service: "")]))
        #expect(try Self.rows(store).map(\.state) == ["cancelled", "cancelled"])
        try store.ingest(Self.order("O5", [Self.item(.change, placer: "P7", service: "TSH")]))
        #expect(try Self.rows(store).last == Row(placer: "P7", service: "TSH", state: "ordered"))
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'order.cancelled'") == 2)
    }

    @Test("a referral is tracked under its id and never taken for a test's order (nor another patient's note)",
          arguments: StoreKind.available)
    func referral(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        var referral = Self.item(.create, placer: "P1", service: "CARD")
        referral.referredTo = "Ng, Lee (NPI 1234567893)"
        try store.ingest(Self.order("F1", [referral], kind: .referral))
        try store.ingest(Fixture.result("R1", patient: Fixture.patient("MRN2"),
                                        Fixture.order(filler: "F1", placer: "P1", service: "CARD", observations: [Fixture.potassium()])))
        #expect(try Self.rows(store).map(\.state) == ["ordered"])
        #expect(try store.string("SELECT referred_to FROM orders") == "Ng, Lee (NPI 1234567893)")

        // I13 with another reason changes the same referral; I14 with yet another cancels it.
        var changed = Self.item(.change, placer: "P1", service: "CARD-2")
        changed.referredTo = "Ruiz, Ana"
        try store.ingest(Self.order("F2", [changed], kind: .referral))
        #expect(try Self.rows(store) == [Row(placer: "P1", service: "CARD-2", state: "ordered")])
        #expect(try store.string("SELECT referred_to FROM orders") == "Ruiz, Ana")
        try store.ingest(Self.order("F3", [Self.item(.cancel, placer: "P1", service: "OTHER")], kind: .referral))
        #expect(try Self.rows(store).map(\.state) == ["cancelled"])
    }
}
