import CareQueueCore
@testable import CareQueueStore
import Foundation
import GRDB
import StoreFixtures
import Testing
import TestSupport

@Suite("Results that never arrive (v15-missing-results): overdue orders become tasks that escalate and close")
struct MissingResultTests {
    typealias Orders = OrderTrackingTests

    /// Ordered an hour before the fixture's start; with the default 7 days it is due then.
    static let orderedAt = Fixture.start.addingTimeInterval(-3600)
    static let expectedBy = orderedAt.addingTimeInterval(7 * 86_400)

    static func statItem(placer: String = "P9") -> OrderItem {
        var item = Orders.item(.create, placer: placer, service: "2823-3")
        item.serviceText = "Potassium"
        item.priority = "S"
        return item
    }

    static func missingTasks(_ store: TestStore) throws -> [SQLRow] {
        try store.database.engine.read { db in
            try db.fetchAll("SELECT * FROM tasks WHERE kind = 'missing-result' ORDER BY id")
        }
    }

    /// Whether `audit verify` passes (not on PostgreSQL yet: a known issue there).
    static func expectChainVerifies(_ store: TestStore, _ kind: StoreKind) throws {
        switch try store.verify() {
        case .intact, .unanchored: break
        case let verdict: Issue.record("audit verify: \(verdict)")
        }
    }

    @Test("the order stores when it is expected; nothing happens a second before, a task at the exact instant, once", arguments: StoreKind.available)
    func overdueAtTheBoundary(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        try store.ingest(Orders.order("O1", [Orders.item(.create)]))
        #expect(try store.string("SELECT expected_by FROM orders") == StoreTime.text(Self.expectedBy))
        #expect(try store.database.nextSweepDue(after: Fixture.start) == Self.expectedBy)

        #expect(try store.database.runSweep(at: Self.expectedBy.addingTimeInterval(-1)).missingResults.isEmpty)
        let report = try store.database.runSweep(at: Self.expectedBy)
        #expect(report.missingResults.count == 1)
        #expect(try store.database.runSweep(at: Self.expectedBy).missingResults.isEmpty, "idempotent")

        let task = try #require(try Self.missingTasks(store).first)
        #expect(task["urgency"] as String == "abnormal")
        #expect(task["assigned_npi"] as String? == Fixture.drA)
        #expect(task["service_text"] as String == "Result not received: Basic metabolic panel")
        #expect(task["clock_started_at"] as String == StoreTime.text(Self.expectedBy))
        #expect((task["urgency_reason"] as String).hasPrefix("result not received: Basic metabolic panel ordered "))
        #expect(try store.count("SELECT COUNT(*) FROM orders WHERE missing_task_id = \(task["id"] as Int64)") == 1)
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'order.overdue'") == 1)
        try Self.expectChainVerifies(store, kind)
    }

    @Test("a missing result escalates like a late one of its tier: level 1 after the abnormal window", arguments: StoreKind.available)
    func escalates(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        try store.ingest(Orders.order("O1", [Orders.item(.create)]))
        try store.database.runSweep(at: Self.expectedBy)
        let window = CareQueueConfig.Windows().abnormal
        #expect(try store.database.runSweep(at: Self.expectedBy.addingTimeInterval(window - 1)).escalations.isEmpty)
        let escalations = try store.database.runSweep(at: Self.expectedBy.addingTimeInterval(window)).escalations
        #expect(escalations.map(\.level) == [1])
    }

    @Test("long overdue when first swept: the task and its escalations come in the same sweep", arguments: StoreKind.available)
    func longOverdue(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        try store.ingest(Orders.order("O1", [Orders.item(.create)]))
        let report = try store.database.runSweep(at: Self.expectedBy.addingTimeInterval(30 * 86_400))
        #expect(report.missingResults.count == 1)
        #expect(report.escalations.map(\.level) == [1, 2])
    }

    @Test("a stat order is expected within [turnaround] stat and is always critical; missing_tier sets the others", arguments: StoreKind.available)
    func statAndTier(kind: StoreKind) throws {
        var config = CareQueueConfig()
        config.turnaround.missingTier = .routine
        let store = try TestStore(kind: kind, config: config, roster: Fixture.fullRoster)
        try store.ingest(Orders.order("O1", [Orders.item(.create), Self.statItem()]))
        let report = try store.database.runSweep(at: Self.orderedAt.addingTimeInterval(2 * 3600))
        #expect(report.missingResults.count == 1)
        #expect(report.missingResults.first?.reason.contains("Potassium (stat) ordered") == true)
        try store.database.runSweep(at: Self.expectedBy)
        #expect(try Self.missingTasks(store).map { $0["urgency"] as String } == ["critical", "routine"])
    }

    @Test("the result arriving late closes the missing-result task (result-received, audited) and becomes its own task", arguments: StoreKind.available)
    func lateResultCloses(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        try store.ingest(Orders.order("O1", [Orders.item(.create)]))
        try store.database.runSweep(at: Self.expectedBy)
        let missing = try #require(try Self.missingTasks(store).first?["id"] as Int64?)
        let result = try store.newTask(Fixture.result("R1", Fixture.order(observations: [Fixture.potassium()])))
        #expect(result != missing)
        #expect(try store.column("status", of: missing) == "closed")
        #expect(try store.column("close_outcome", of: missing) == "result-received")
        #expect(try store.column("kind", of: result) == "result")
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'task.result-arrived' AND task_id = \(missing)") == 1)
        #expect(try store.string("SELECT state FROM orders") == "final")
        try Self.expectChainVerifies(store, kind)
    }

    @Test("a referral without its consult note in [turnaround] referral becomes a task; the note arriving closes it", arguments: StoreKind.available)
    func referralOverdue(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        try store.ingest(ConsultNoteTests.referral("REF1"))
        let due = Fixture.start.addingTimeInterval(-86_400 + 30 * 86_400)
        #expect(try store.database.runSweep(at: due.addingTimeInterval(-1)).missingResults.isEmpty)
        let made = try store.database.runSweep(at: due).missingResults
        #expect(made.map(\.assignedNPI) == [Fixture.drA])
        #expect(made.first?.reason.hasPrefix("consult note not received: Cardiology evaluation referred ") == true)
        let missing = try #require(made.first?.taskID)
        try store.ingest(ConsultNoteTests.note("MDM1"))
        #expect(try store.column("close_outcome", of: missing) == "result-received")
        #expect(try store.string("SELECT state FROM orders") == "final")
    }

    @Test("a missing result ordered by someone not yet on the roster moves to their queue when the roster names them", arguments: StoreKind.available)
    func reroutedAfterRosterImport(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        var item = Orders.item(.create)
        item.orderingProvider = ProviderReference(id: RerouteTests.drN, idType: "NPI", isNPI: true, source: .orc12)
        try store.ingest(Orders.order("O1", [item]))
        let made = try store.database.runSweep(at: Self.expectedBy).missingResults
        let id = try #require(made.first?.taskID)
        #expect(made.first?.assignedNPI == nil)
        #expect(try store.column("routing_explanation", of: id)?.hasSuffix("is not on the roster") == true)
        try store.database.importRoster([RerouteTests.newcomer], rerouteAt: Self.expectedBy)
        #expect(try store.column("assigned_npi", of: id) == RerouteTests.drN)
    }

    @Test("cancelling the order closes its missing-result task as cancelled; a result before the deadline means none", arguments: StoreKind.available)
    func cancelAndInTime(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        try store.ingest(Orders.order("O1", [Orders.item(.create, placer: "P1"), Orders.item(.create, placer: "P2")]))
        try store.database.runSweep(at: Self.expectedBy)
        #expect(try Self.missingTasks(store).count == 2)
        try store.ingest(Orders.order("O2", [Orders.item(.cancel, placer: "P1")]))
        #expect(try Self.missingTasks(store).map { $0["close_outcome"] as String? } == ["cancelled", nil])

        let early = try TestStore.lifecycle(kind)
        try early.ingest(Orders.order("O1", [Orders.item(.create)]))
        try early.ingest(Fixture.result("R1", Fixture.order(observations: [Fixture.potassium()])))
        #expect(try early.database.runSweep(at: Self.expectedBy).missingResults.isEmpty)
    }

    @Test("people close a missing result with its own outcomes, with a note; sign-off never gates it", arguments: StoreKind.available)
    func closing(kind: StoreKind) throws {
        var config = CareQueueConfig()
        config.workflow.signoffRequired = [.critical, .abnormal]
        let store = try TestStore.lifecycle(kind, config: config)
        try store.ingest(Orders.order("O1", [Orders.item(.create)]))
        try store.database.runSweep(at: Self.expectedBy)
        let id = try #require(try Self.missingTasks(store).first?["id"] as Int64?)
        #expect(try store.task(id).signoff.required == false)
        #expect(try store.task(id).kind == .missingResult)
        #expect(throws: TaskActionError.refused(LifecycleRefusal(
            "reached does not close a missing result; use lab-contacted, recollected, patient-did-not-go, cancelled"))) {
            try store.act(.close(.reached, note: "told them"), id)
        }
        #expect(throws: TaskActionError.self) { try store.act(.close(.labContacted, note: " "), id) }
        try store.act(.close(.labContacted, note: "specimen lost in transit; redraw booked"), id)
        #expect(try store.column("close_outcome", of: id) == "lab-contacted")
        // Past the sign-off window, nothing asks for a sign-off of a missing result.
        let late = try store.database.runSweep(at: Self.expectedBy.addingTimeInterval(10 * 86_400))
        #expect(late.escalations.isEmpty)
    }

    @Test("the widened close outcomes still refuse anything else", arguments: StoreKind.available)
    func constraint(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        if kind == .sqlite { #expect(try store.string("PRAGMA integrity_check") == "ok") }
        try store.ingest(Orders.order("O1", [Orders.item(.create)]))
        try store.database.runSweep(at: Self.expectedBy)
        #expect(throws: (any Error).self) {
            try store.execute("UPDATE tasks SET status = 'closed', closed_at = 'x', closed_by = 'y', close_outcome = 'lost'")
        }
        #expect(throws: (any Error).self) { try store.execute("UPDATE tasks SET kind = 'other'") }
    }

    @Test("the reason reads in the clinic's time: the day once, the expected time alone when the same day")
    func reasonText() {
        let order = TrackedOrder(id: 1, kind: .order, sender: Orders.ehr, mrn: "M", patient: "P", placerNumber: "P1",
                                 serviceCode: "2823-3", serviceText: "Potassium", priority: "S",
                                 orderedAt: Date(timeIntervalSince1970: 1_772_352_600), state: .ordered) // 2026-03-01T08:10Z
        let utc = TimeZone(identifier: "UTC")!
        let sameDay = MissingResult.Overdue(order: order, patient: Patient(mrn: "M", family: "F", given: "G"),
                                            orderingProvider: nil, expectedBy: order.orderedAt.addingTimeInterval(4 * 3600))
        #expect(MissingResult.reason(sameDay, timeZone: utc)
                == "result not received: Potassium (stat) ordered 2026-03-01 08:10, expected by 12:10")
        var later = sameDay
        later.expectedBy = order.orderedAt.addingTimeInterval(7 * 86_400)
        #expect(MissingResult.reason(later, timeZone: TimeZone(secondsFromGMT: -5 * 3600)!)
                == "result not received: Potassium (stat) ordered 2026-03-01 03:10, expected by 2026-03-08 03:10")
    }

    @Test("a v14 database upgrades in place: its orders get expected times, its tasks stay results and stay searchable")
    func upgradeFromV14() throws {
        let directory = try TestPaths.temporaryDirectory("carequeue-v14")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("old.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try Schema.migrator.migrate(pool, upTo: Schema.ordersMigration)
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO messages (id, received_at, peer, sending_application, sending_facility, control_id,
                        version, raw, ack_code) VALUES (1, '2026-01-01T12:00:00Z', 'x', 'LAB', 'MAIN', 'C1', '2.5.1', x'00', 'AA');
                    INSERT INTO orders (kind, sending_application, sending_facility, patient_mrn, patient_family, patient_given,
                        placer_number, service_code, service_text, priority, ordered_at, state, first_message_id,
                        latest_message_id, created_at, updated_at)
                    VALUES ('order', 'EHR', 'CLINIC', 'MRN1', 'Garcia', 'Ana', 'P1', '2823-3', 'Potassium', 'S',
                        '2026-01-01T08:10:00Z', 'ordered', 1, 1, '2026-01-01T08:10:00Z', '2026-01-01T08:10:00Z');
                    """)
                try db.execute(sql: """
                    INSERT INTO tasks (id, sending_application, sending_facility, filler_number, service_code,
                        service_text, patient_mrn, patient_family, patient_given, routing_explanation, urgency,
                        urgency_reason, result_status, status, received_at, clock_started_at, due_at,
                        latest_control_id, latest_message_id, updated_at, search_folded)
                    VALUES (1, 'LAB', 'MAIN', 'F1', 'BMP', 'Potassium', 'MRN1', 'Garcia', 'Ana', 'why', 'routine', 'why', 'F',
                        'open', '2026-01-01T12:00:00Z', '2026-01-01T12:00:00Z', '2026-01-04T12:00:00Z', 'C1', 1,
                        '2026-01-01T12:00:00Z', ?)
                    """, arguments: [SearchText.document(mrn: "MRN1", family: "Garcia", given: "Ana", test: "Potassium")])
            }
        }
        let database = try CareQueueDatabase(path: path, access: .existing, osUser: Fixture.account)
        try database.pool.write { db in
            #expect(try String.fetchOne(db, sql: "SELECT expected_by FROM orders") == "2026-01-01T10:10:00Z")
            #expect(try String.fetchOne(db, sql: "SELECT kind FROM tasks") == "result")
            try db.execute(sql: """
                UPDATE tasks SET status = 'closed', closed_at = '2026-01-02T00:00:00Z', closed_by = 'kim',
                    close_outcome = 'recollected', close_note = 'redrawn'
                """)
            #expect(try String.fetchOne(db, sql: "PRAGMA integrity_check") == "ok")
            #expect(try Row.fetchOne(db, sql: "PRAGMA foreign_key_check") == nil)
        }
        #expect(try database.taskIDs(matching: "potass", includingClosed: true, offset: 0, limit: 5, at: Fixture.start).ids == [1])
    }
}
