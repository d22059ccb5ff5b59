import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("Worklist: coordinators on the roster, open tasks across queues")
struct WorklistStoreTests {
    static var roster: [Provider] {
        var roster = Fixture.roster
        roster[0].coordinators = ["kim", "lee"]
        roster[1].login = "drb"
        roster[2].coordinators = ["lee"]
        return roster
    }

    @Test("coordinators are stored; a file without the column keeps them; the queues a login works",
          arguments: StoreKind.available)
    func coordinators(kind: StoreKind) throws {
        let store = try TestStore(kind: kind, roster: Self.roster)
        #expect(try store.database.providers().first { $0.npi == Fixture.drA }?.coordinators == ["kim", "lee"])
        // A file without the column (nor logins) leaves both as they were.
        try store.database.importRoster(Fixture.roster, settingLogins: false, settingCoordinators: false)
        #expect(try store.database.providers().first { $0.npi == Fixture.drA }?.coordinators == ["kim", "lee"])
        #expect(try store.database.queuesWorked(by: "kim") == [Fixture.drA, nil])
        #expect(try store.database.queuesWorked(by: "lee") == [Fixture.drA, Fixture.drC, nil])
        #expect(try store.database.queuesWorked(by: "drb") == [Fixture.drB, nil], "a provider's own login")
        #expect(try store.database.queuesWorked(by: "nobody") == [])
        try store.database.importRoster(Fixture.roster)
        #expect(try store.database.queuesWorked(by: "kim") == [])
    }

    /// Tasks in Dr A's, Dr B's and the Unassigned queue, returned by name.
    private func seeded(_ kind: StoreKind = .sqlite) throws -> (TestStore, [String: Int64]) {
        let store = try TestStore.lifecycle(kind)
        var ids: [String: Int64] = [:]
        ids["A routine"] = try store.newTask(Fixture.task(1, .routine))
        ids["B abnormal"] = try store.newTask(Fixture.task(2, .abnormal, provider: Fixture.drB))
        store.clock.advance(by: 60)
        ids["U critical"] = try store.newTask(Fixture.task(3, .critical, provider: nil))
        ids["A critical"] = try store.newTask(Fixture.task(4, .critical))
        ids["B routine"] = try store.newTask(Fixture.task(5, .routine, provider: Fixture.drB))
        return (store, ids)
    }

    @Test("most urgent first across queues; narrowed to some queues and a tier; totals from the counts",
          arguments: StoreKind.available)
    func window(kind: StoreKind) throws {
        let (store, ids) = try seeded(kind)
        let now = store.clock.now()
        let all = try store.database.worklistWindow(queues: nil, tier: nil, at: now, limit: 10, offset: 0)
        #expect(all.total == 5)
        #expect(all.ids == ["U critical", "A critical", "B abnormal", "A routine", "B routine"].map { ids[$0]! })
        let mine = try store.database.worklistWindow(queues: [Fixture.drA, nil], tier: nil, at: now, limit: 2, offset: 1)
        #expect(mine.total == 3)
        #expect(mine.ids == [ids["A critical"]!, ids["A routine"]!])
        let routine = try store.database.worklistWindow(queues: nil, tier: .routine, at: now, limit: 10, offset: 0)
        #expect(routine.total == 2)
        #expect(routine.ids == [ids["A routine"]!, ids["B routine"]!])
        let one = try store.database.worklistWindow(queues: [Fixture.drB], tier: .abnormal, at: now, limit: 10, offset: 0)
        #expect(one.total == 1 && one.ids == [ids["B abnormal"]!])
        let unassigned = try store.database.worklistWindow(queues: [nil], tier: nil, at: now, limit: 10, offset: 0)
        #expect(unassigned.ids == [ids["U critical"]!])
        // Closed by the lab's cancel (ingest), which both stores take whatever the task actions' port.
        try store.ingest(Fixture.task(4, .critical, status: "X"))
        #expect(try store.task(ids["A critical"]!).status == .closed)
        let after = try store.database.worklistWindow(queues: [Fixture.drA, nil], tier: .critical, at: now, limit: 10, offset: 0)
        #expect(after.total == 1 && after.ids == [ids["U critical"]!])
    }

    /// The plan SQLite chooses for the worklist's page, one line per step (PostgreSQL's planner
    /// picks its own: these stay SQLite's).
    private func plan(_ store: TestStore, queues: [String?]?, tier: Urgency?) throws -> [String] {
        let (sql, bindings) = CareQueueDatabase.worklistQuery(.sqlite, queues: queues, tier: tier)
        return try store.database.engine.read { db in
            try db.fetchAll("EXPLAIN QUERY PLAN " + sql) {
                $0 = bindings
                $0.add(40)
                $0.add(4000)
            }.map { $0["detail"] as String }
        }
    }

    @Test("every worklist page reads an index in order: no sort, no table row", arguments: [
        ([Fixture.drA, Fixture.drB, nil], nil), (nil, nil), ([Fixture.drA, nil], Urgency.abnormal), (nil, .critical),
    ] as [([String?]?, Urgency?)])
    func plans(_ queues: [String?]?, _ tier: Urgency?) throws {
        let (store, _) = try seeded()
        let lines = try plan(store, queues: queues, tier: tier)
        #expect(lines == [tier == nil ? "SCAN tasks USING COVERING INDEX tasks_open_find"
                              : "SEARCH tasks USING COVERING INDEX tasks_open_find (<expr>=?)"])
    }

    @Test("one queue is a range of the queue-order index")
    func onePlan() throws {
        let (store, _) = try seeded()
        #expect(try plan(store, queues: [Fixture.drA], tier: .critical)
            == ["SEARCH tasks USING INDEX tasks_open_queue_order (assigned_npi=? AND <expr>=?)"])
        #expect(try plan(store, queues: [nil], tier: .routine)
            == ["SEARCH tasks USING INDEX tasks_open_queue_order (assigned_npi=? AND <expr>=?)"])
    }

    // SQLite only: a tampered file and a GRDB migration's backfill.
    @Test("the row's value is the observation that set the tier; tasks stored before are backfilled")
    func decidingObservation() throws {
        let store = try TestStore.lifecycle()
        let panel = [
            Observation(code: "2951-2", text: "Sodium", valueType: "NM", value: "140", flags: ["N"]),
            Observation(code: "17861-6", text: "Calcium", valueType: "NM", value: "8.50", flags: ["H"]),
            Observation(code: "2345-7", text: "Glucose", valueType: "NM", value: "559", flags: ["HH"]),
        ]
        let id = try store.newTask(Fixture.result("G1", Fixture.order(observations: panel)))
        let task = try store.task(id)
        #expect(task.decidingObservation == 2)
        #expect(task.observations[2].text == "Glucose")
        #expect(try store.count("SELECT tier_position FROM tasks WHERE id = \(id)") == 2)
        // As a task written before the column was: no position, until the migration's backfill.
        try store.tamper("UPDATE tasks SET tier_position = NULL")
        #expect(try store.task(id).decidingObservation == nil)
        try store.database.pool.write { db in try Schema.backfillTierPositions(db) }
        #expect(try store.task(id).decidingObservation == 2)
    }
}
