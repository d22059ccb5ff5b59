import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("Ingest: results become tasks")
struct IngestTests {
    private let minute: TimeInterval = 60
    private let hour: TimeInterval = 3600

    @Test("a new result makes one task per order with routing, urgency and due time")
    func newResult() throws {
        let store = try TestStore()
        store.clock.advance(by: 0.75)
        let bmp = Fixture.order(observations: [Fixture.potassium("6.8", flags: ["HH"]), Fixture.sodium()])
        let cbc = Fixture.order(filler: "F2", placer: "P2", service: "CBC", observations: [
            Observation(code: "718-7", text: "Hemoglobin", value: "13.5", units: "g/dL"),
        ])

        let ids = try store.taskIDs(Fixture.item(Fixture.message("C1", [(Fixture.patient(), [bmp, cbc])])))

        #expect(ids.count == 2)
        let critical = try store.task(ids[0])
        #expect(critical.urgency == .critical)
        #expect(critical.urgencyReason.hasPrefix("critical: OBX-8=HH"))
        #expect(critical.assignedNPI == Fixture.drA)
        #expect(critical.orderingNPI == Fixture.drA)
        #expect(critical.status == .open)
        #expect(critical.receivedAt == Fixture.start)
        #expect(critical.dueAt == Fixture.start + 30 * minute)
        #expect(critical.observations.map(\.code) == ["2823-3", "2951-2"])
        #expect(critical.controlID == "C1")
        let routine = try store.task(ids[1])
        #expect(routine.urgency == .routine)
        #expect(routine.dueAt == Fixture.start + 72 * hour)
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 2)
        #expect(try store.count("SELECT COUNT(*) FROM messages WHERE ack_code = 'AA'") == 1)
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'task.created'") == 2)
    }

    @Test("two patients in one message make two tasks")
    func twoPatients() throws {
        let store = try TestStore()
        let first = Fixture.order(filler: "F1", observations: [Fixture.potassium()])
        let second = Fixture.order(filler: "F2", placer: "P2", observations: [Fixture.potassium()])
        let message = Fixture.message("C1", [(Fixture.patient("MRN1"), [first]),
                                             (Fixture.patient("MRN2", family: "Roe", given: "Max"), [second])])

        let ids = try store.taskIDs(Fixture.item(message))

        #expect(ids.count == 2)
        #expect(try store.task(ids[0]).mrn == "MRN1")
        #expect(try store.task(ids[1]).mrn == "MRN2")
        #expect(try store.task(ids[1]).patient == "Roe, Max")
    }

    @Test("a resent message is a duplicate: no new task, only an audit row")
    func duplicate() throws {
        let store = try TestStore()
        let item = Fixture.result("C1", Fixture.order(observations: [Fixture.potassium()]))
        try store.ingest(item)
        let auditBefore = try store.count("SELECT COUNT(*) FROM audit")

        let outcome = try store.ingest(item)

        #expect(outcome == .duplicate)
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 1)
        #expect(try store.count("SELECT COUNT(*) FROM messages") == 1)
        #expect(try store.count("SELECT COUNT(*) FROM observations") == 1)
        #expect(try store.count("SELECT COUNT(*) FROM audit") == auditBefore + 1)
        #expect(try store.string("SELECT action FROM audit ORDER BY seq DESC LIMIT 1") == "message.duplicate")
    }

    @Test("the same control id from another sender is not a duplicate")
    func sameControlIDOtherSender() throws {
        let store = try TestStore()
        let order = Fixture.order(observations: [Fixture.potassium()])
        try store.ingest(Fixture.result("C1", order))

        let other = Fixture.item(Fixture.message("C1", [(Fixture.patient(), [order])],
                                                 sender: SenderID(application: "LAB", facility: "EAST")))

        #expect(try store.taskIDs(other).count == 1)
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 2)
    }

    @Test("preliminary, final and corrected results update one task and keep the history")
    func updatesKeepHistory() throws {
        let store = try TestStore()
        let prelim = try store.taskIDs(Fixture.result("C1", Fixture.order(status: "P", observations: [
            Fixture.potassium("4.0", status: "P"), Fixture.sodium("139", status: "P"),
        ])))
        store.clock.advance(by: hour)
        let final = try store.taskIDs(Fixture.result("C2", Fixture.order(status: "F", observations: [
            Fixture.potassium("4.2"), Fixture.sodium("139", status: "P"),
        ])))
        store.clock.advance(by: hour)
        let corrected = try store.taskIDs(Fixture.result("C3", Fixture.order(filler: nil, placer: "P1", status: "C",
                                                                             observations: [Fixture.potassium("4.3", status: "C")])))

        #expect(prelim == final)
        #expect(final == corrected)
        let task = try store.task(prelim[0])
        #expect(task.resultStatus == "C")
        #expect(task.controlID == "C3")
        #expect(task.receivedAt == Fixture.start)
        #expect(task.observations.map(\.value) == ["4.3", "139"])
        #expect(task.observations.map(\.status) == ["C", "P"])
        #expect(try store.count("SELECT COUNT(*) FROM observations WHERE code = '2823-3'") == 3)
        #expect(try store.count("SELECT COUNT(*) FROM observations WHERE is_current = 0") == 2)
        // The unchanged sodium resend adds no row.
        #expect(try store.count("SELECT COUNT(*) FROM observations WHERE code = '2951-2'") == 1)
        #expect(try store.count("SELECT version FROM tasks") == 3)
    }

    @Test("urgency rises with the due time recomputed from receipt, and never falls")
    func urgencyRisesNeverFalls() throws {
        let store = try TestStore()
        let id = try store.taskIDs(Fixture.result("C1", Fixture.order(observations: [Fixture.potassium()])))[0]
        #expect(try store.task(id).dueAt == Fixture.start + 72 * hour)

        store.clock.advance(by: 10 * minute)
        try store.ingest(Fixture.result("C2", Fixture.order(observations: [Fixture.potassium("6.9", flags: ["HH"])])))
        let raised = try store.task(id)
        #expect(raised.urgency == .critical)
        #expect(raised.dueAt == Fixture.start + 30 * minute)

        store.clock.advance(by: 10 * minute)
        try store.ingest(Fixture.result("C3", Fixture.order(status: "C", observations: [
            Fixture.potassium("4.4", status: "C"),
        ])))
        let kept = try store.task(id)
        #expect(kept.urgency == .critical)
        #expect(kept.dueAt == Fixture.start + 30 * minute)
        #expect(kept.urgencyReason.contains("kept (latest result alone: routine"))
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'task.urgency-kept'") == 1)
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'task.urgency-raised'") == 1)
    }

    @Test("a correction re-opens a closed task with a new clock")
    func correctionReopens() throws {
        let store = try TestStore()
        let id = try store.taskIDs(Fixture.result("C1", Fixture.order(observations: [
            Fixture.potassium("5.6", flags: ["H"]),
        ])))[0]
        try store.execute("""
            UPDATE tasks SET status = 'closed', closed_at = '2026-01-01T13:00:00Z', closed_by = 'coordinator',
                close_outcome = 'reached', close_note = 'told', due_at = NULL, clock_stopped_at = '2026-01-01T13:00:00Z'
            """)
        store.clock.advance(by: 2 * hour)

        try store.ingest(Fixture.result("C2", Fixture.order(status: "C", observations: [
            Fixture.potassium("5.9", flags: ["H"], status: "C"),
        ])))

        let task = try store.task(id)
        #expect(task.status == .open)
        #expect(task.reopened)
        #expect(task.receivedAt == Fixture.start)
        #expect(task.dueAt == Fixture.start + 2 * hour + 24 * hour)
        #expect(try store.string("SELECT closed_at FROM tasks") == nil)
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'task.reopened'") == 1)
        #expect(try store.database.tasks(status: .open).map(\.id) == [id])
    }

    @Test("a final result for a closed task updates it but keeps it closed")
    func finalAfterCloseStaysClosed() throws {
        let store = try TestStore()
        let id = try store.taskIDs(Fixture.result("C1", Fixture.order(status: "P", observations: [Fixture.potassium()])))[0]
        try store.execute("""
            UPDATE tasks SET status = 'closed', closed_at = '2026-01-01T13:00:00Z', closed_by = 'coordinator',
                close_outcome = 'reached', close_note = 'told', due_at = NULL, clock_stopped_at = '2026-01-01T13:00:00Z'
            """)

        try store.ingest(Fixture.result("C2", Fixture.order(status: "F", observations: [Fixture.potassium("4.2")])))

        let task = try store.task(id)
        #expect(task.status == .closed)
        #expect(task.resultStatus == "F")
        #expect(task.observations.map(\.value) == ["4.2"])
    }

    @Test("OBX-11 W flags the task for retraction review")
    func wrongPatient() throws {
        let store = try TestStore()
        let id = try store.taskIDs(Fixture.result("C1", Fixture.order(observations: [Fixture.potassium()])))[0]
        #expect(try store.task(id).retractionReview == false)

        try store.ingest(Fixture.result("C2", Fixture.order(observations: [Fixture.potassium(status: "W")])))

        #expect(try store.task(id).retractionReview)
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'task.retraction-review'") == 1)
    }

    @Test("OBR-25 X closes the task with the lab as the actor")
    func cancelledByLab() throws {
        let store = try TestStore()
        let id = try store.taskIDs(Fixture.result("C1", Fixture.order(observations: [Fixture.potassium()])))[0]
        store.clock.advance(by: minute)

        try store.ingest(Fixture.result("C2", Fixture.order(status: "X", observations: [])))

        let task = try store.task(id)
        #expect(task.status == .closed)
        #expect(task.dueAt == nil)
        #expect(try store.string("SELECT close_outcome FROM tasks") == "cancelled-by-lab")
        #expect(try store.string("SELECT closed_by FROM tasks") == "lab:LAB / MAIN")
        #expect(try store.string("SELECT clock_stopped_at FROM tasks") == "2026-01-01T12:01:00Z")
        #expect(try store.database.tasks(status: .open).isEmpty)
        #expect(try store.database.tasks(status: .closed).map(\.id) == [id])
    }

    @Test("OBX-11 D removes that observation; removing the last one closes the task")
    func deletions() throws {
        let store = try TestStore()
        let id = try store.taskIDs(Fixture.result("C1", Fixture.order(observations: [
            Fixture.potassium(), Fixture.sodium(),
        ])))[0]

        try store.ingest(Fixture.result("C2", Fixture.order(observations: [Fixture.sodium(status: "D")])))
        #expect(try store.task(id).observations.map(\.code) == ["2823-3"])
        #expect(try store.task(id).status == .open)

        try store.ingest(Fixture.result("C3", Fixture.order(observations: [Fixture.potassium(status: "D")])))
        #expect(try store.task(id).observations.isEmpty)
        #expect(try store.task(id).status == .closed)
        #expect(try store.string("SELECT close_outcome FROM tasks") == "cancelled-by-lab")
    }

    @Test("a refused item lands in the review list with its reason and raw bytes")
    func refusedGoesToReview() throws {
        let store = try TestStore()
        let item = Fixture.refused("C9")

        let outcome = try store.ingest(item)

        guard case .refused(let refusal) = outcome else { Issue.record("not refused: \(outcome)"); return }
        #expect(refusal.code == .requiredFieldMissing)
        let review = try store.database.reviewList()
        #expect(review.count == 1)
        #expect(review.first?.ackCode == "AE")
        #expect(review.first?.reason == "PID-3 has no MRN")
        #expect(review.first?.controlID == "C9")
        #expect(review.first?.sender == "LAB / MAIN")
        #expect(review.first?.errorCode == 101)
        #expect(review.first?.peer == "10.0.0.5:51234")
        #expect(try store.database.rawMessage(id: review[0].id) == item.raw)
        #expect(try store.database.reviewCount() == 1)
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 0)
    }

    @Test("a message refused before may be sent again once fixed")
    func refusedThenFixed() throws {
        let store = try TestStore()
        try store.ingest(Fixture.refused("C1"))

        let ids = try store.taskIDs(Fixture.result("C1", Fixture.order(observations: [Fixture.potassium()])))

        #expect(ids.count == 1)
    }

    @Test("non-HL7 input without a sender still reaches the review list")
    func refusedWithoutSender() throws {
        let store = try TestStore()

        try store.ingest(Fixture.refused(nil, kind: .reject, code: .unsupportedMessageType, reason: "not HL7", sender: nil))

        let review = try store.database.reviewList()
        #expect(review.map(\.sender) == [""])
        #expect(review.map(\.ackCode) == ["AR"])
    }

    @Test("routing", arguments: [
        ("on the roster", Fixture.drA, Fixture.drA, false),
        ("NPI not on the roster", Fixture.npi("777777777"), nil, true),
        ("no ordering provider", nil, nil, true),
    ] as [(String, String?, String?, Bool)])
    func routing(_ name: String, ordering: String?, assigned: String?, unassigned: Bool) throws {
        let store = try TestStore()

        let id = try store.taskIDs(Fixture.result("C1", Fixture.order(provider: ordering, observations: [Fixture.potassium()])))[0]

        let task = try store.task(id)
        #expect(task.assignedNPI == assigned)
        #expect(task.unassigned == unassigned)
        #expect(!task.routing.isEmpty)
    }

    @Test("active coverage routes to the covering provider and keeps the ordering NPI")
    func coverageRouting() throws {
        let store = try TestStore()
        try store.database.importCoverage([Coverage(providerNPI: Fixture.drA, coveringNPI: Fixture.drB,
                                                    startsAt: Fixture.start - hour, endsAt: Fixture.start + hour)])

        let id = try store.taskIDs(Fixture.result("C1", Fixture.order(observations: [Fixture.potassium()])))[0]

        let task = try store.task(id)
        #expect(task.assignedNPI == Fixture.drB)
        #expect(task.orderingNPI == Fixture.drA)
        #expect(task.coveringForNPI == Fixture.drA)
        #expect(task.routing.contains("covering for"))
    }

    @Test("a roster imported while the writer runs is used for the next message")
    func rosterCacheRefreshes() throws {
        let store = try TestStore(roster: [])
        let first = try store.taskIDs(Fixture.result("C1", Fixture.order(observations: [Fixture.potassium()])))[0]
        #expect(try store.task(first).unassigned)

        try store.database.importRoster(Fixture.roster)
        let second = try store.taskIDs(Fixture.result("C2", Fixture.order(filler: "F2", placer: "P2",
                                                                          observations: [Fixture.potassium()])))[0]

        #expect(try store.task(second).assignedNPI == Fixture.drA)
    }

    @Test("the audit trail holds no patient data")
    func auditHasNoPatientData() throws {
        let store = try TestStore()
        try store.ingest(Fixture.result("C1", Fixture.order(observations: [Fixture.potassium("6.9", flags: ["HH"])])))
        try store.ingest(Fixture.result("C1", Fixture.order(observations: [Fixture.potassium()])))

        let details = try store.database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT user || ' ' || action || ' ' || details FROM audit")
        }

        #expect(!details.isEmpty)
        for line in details {
            for secret in ["MRN1", "Doe", "Jan", "555-0100", "19800102", "6.9"] {
                #expect(!line.contains(secret), "\(line)")
            }
        }
    }
}
