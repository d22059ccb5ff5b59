import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore

/// What `report` and the board read from the store: the period's results and their audit rows.
@Suite("Report queries")
struct ReportStoreTests {
    static let minute: TimeInterval = 60
    static let windows = CareQueueConfig.Windows()

    /// A critical task for Dr A received now (the store's clock).
    static func critical(_ store: TestStore, _ n: Int, provider: String? = Fixture.drA) throws -> Int64 {
        try store.newTask(Fixture.task(n, .critical, provider: provider))
    }

    @Test("critical acknowledgement: only criticals received in [from, to) count; reopened and reassigned ones as their history says", arguments: StoreKind.available)
    func criticalAcknowledgement(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let from = Fixture.start.addingTimeInterval(10 * Self.minute)
        _ = try Self.critical(store, 1)                                     // received before from: excluded
        store.clock.advance(by: 10 * Self.minute)
        let acked = try Self.critical(store, 2)                             // received at from: included
        let reopened = try Self.critical(store, 3)
        let reassigned = try Self.critical(store, 4)
        let undone = try Self.critical(store, 5)
        _ = try store.newTask(Fixture.task(6, .abnormal))                   // not critical: excluded
        store.clock.advance(by: 5 * Self.minute)
        try store.act(.acknowledge, acked)
        try store.act(.close(.reached, note: "told patient"), reopened)
        try store.act(.reassign(toNPI: Fixture.drB, note: "Dr B follows"), reassigned)
        try store.act(.acknowledge, undone, by: "sam")
        try store.database.undoLatestAction(onTask: undone, by: "sam", at: store.clock.now())
        store.clock.advance(by: Self.minute)
        try store.database.reopen(task: reopened, note: "patient called back", by: "alice", at: store.clock.now(),
                                  windows: Self.windows)
        store.clock.advance(by: 30 * Self.minute)
        let to = store.clock.now()
        _ = try Self.critical(store, 7)                                     // received at to: excluded

        // acked and reopened (its first acknowledgement stands) are within; reassigned and undone
        // had no acknowledgement when their windows ended.
        let counts = try store.database.criticalAcknowledgement(from: from, to: to, windows: Self.windows)
        #expect(counts.within == 2)
        #expect(counts.decided == 4)
        // Before the windows end, the unacknowledged ones are undecided.
        let early = try store.database.criticalAcknowledgement(from: from, to: from.addingTimeInterval(20 * Self.minute),
                                                               windows: Self.windows)
        #expect(early.within == 2)
        #expect(early.decided == 2)
    }

    @Test("the report groups a reassigned task under its new provider and reads its history", arguments: StoreKind.available)
    func reassignedAndAttempts(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let from = store.clock.now()
        let moved = try Self.critical(store, 1)
        let called = try store.newTask(Fixture.task(2, .abnormal))
        store.clock.advance(by: 2 * Self.minute)
        try store.act(.reassign(toNPI: Fixture.drB, note: "Dr B follows"), moved)
        try store.act(.attempt(.noAnswer, note: ""), called)
        try store.act(.attempt(.wrongNumber, note: ""), called, by: "sam")
        try store.database.undoLatestAction(onTask: called, by: "sam", at: store.clock.now())
        store.clock.advance(by: 2 * Self.minute)
        try store.act(.close(.reached, note: "reached"), called)
        // Ending "now" part-way through the second the close was stored in: it counts.
        let period = ReportPeriod(from: from, to: store.clock.now().addingTimeInterval(0.4))

        let rows = try store.database.queueReport(period: period, windows: Self.windows)

        let drA = try #require(rows.first { $0.group == .provider(npi: Fixture.drA, name: "Dr A") }?.figures)
        let drB = try #require(rows.first { $0.group == .provider(npi: Fixture.drB, name: "Dr B") }?.figures)
        #expect(drB.results == 1)
        #expect(drB.criticalOpen == 1)
        #expect(drB.medianFirstActionSeconds == 120)
        #expect(drB.criticalAcknowledgedWithinWindowRate == nil)        // window still running
        #expect(drA.results == 1)
        #expect(drA.failedContactPer1000 == 1000)                       // the undone attempt is not counted
        #expect(drA.documentedCloseRate == 1)
        #expect(drA.medianFirstActionSeconds == 120)
    }

    @Test("tasks received or closed outside the period are not among its results or closes", arguments: StoreKind.available)
    func outsideThePeriod(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let before = try store.newTask(Fixture.task(1, .routine))
        store.clock.advance(by: 3600)
        let from = store.clock.now()
        try store.act(.close(.notNeeded, note: "duplicate"), before)      // closed in the period
        let inside = try store.newTask(Fixture.task(2, .routine))
        store.clock.advance(by: 3600)
        let to = store.clock.now()
        try store.act(.close(.reached, note: "reached"), inside)         // closed after it
        _ = try store.newTask(Fixture.task(3, .routine))                  // received after it

        let rows = try store.database.queueReport(period: ReportPeriod(from: from, to: to), windows: Self.windows, by: .tier)

        let routine = try #require(rows.first { $0.group == .tier(.routine) }?.figures)
        #expect(routine.results == 1)
        #expect(routine.medianFirstActionSeconds == nil)                 // its close came after `to`
        #expect(routine.documentedCloseRate == 1)
        #expect(routine.open == 1)                                       // task 3 as it stands
    }

    // SQLite's plan (PostgreSQL's planner picks its own).
    @Test("the board's query reads the range through tasks_received and each task's audit through audit_task")
    func boardQueryPlan() throws {
        let store = try TestStore.lifecycle()
        let period = ReportPeriod(from: Fixture.start, to: Fixture.start.addingTimeInterval(3600))
        let plans = try store.database.engine.read { db -> [String] in
            let tasks = try db.fetchAll("EXPLAIN QUERY PLAN " + ReportRows.criticalsReceivedSQL) {
                ReportRows.bind(period, &$0)
            }.map { $0["detail"] as String }
            let audit = try db.fetchAll("EXPLAIN QUERY PLAN " + ReportRows.eventsSQL(.sqlite, criticalOnly: true)) {
                ReportRows.bind(period, &$0)
            }.map { $0["detail"] as String }
            return tasks + audit
        }
        #expect(plans.contains { $0.contains("USING COVERING INDEX tasks_received") || $0.contains("USING INDEX tasks_received") },
                "\(plans)")
        #expect(plans.contains { $0.contains("audit USING INDEX audit_task") }, "\(plans)")
        #expect(!plans.contains { $0.hasPrefix("SCAN") }, "\(plans)")
    }

    @Test("critical acknowledgement reads the lab's raises and cancels from the audit on either store",
          arguments: StoreKind.available)
    func raisedAndCancelled(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let from = store.clock.now()
        _ = try Self.critical(store, 1)                                     // never acknowledged
        let raised = try store.newTask(Fixture.task(2, .routine))
        let cancelled = try Self.critical(store, 3)
        store.clock.advance(by: 10 * Self.minute)
        // A correction raises task 2 to critical (its window starts now); the lab withdraws task 3 in time.
        try store.ingest(Fixture.task(2, .critical, status: "C"))
        try store.ingest(Fixture.task(3, .critical, status: "X"))
        #expect(try store.task(raised).urgency == .critical && store.task(cancelled).status == .closed)
        let window = Self.windows.critical

        // Past the first window: task 1 is late; task 2's window still runs; task 3 is not counted.
        let first = try store.database.criticalAcknowledgement(from: from, to: from.addingTimeInterval(window + Self.minute),
                                                               windows: Self.windows)
        #expect(first.within == 0 && first.decided == 1)
        // Past the raised task's window too.
        let later = try store.database.criticalAcknowledgement(
            from: from, to: from.addingTimeInterval(10 * Self.minute + window + Self.minute), windows: Self.windows)
        #expect(later.within == 0 && later.decided == 2)
        let rows = try store.database.queueReport(period: ReportPeriod(from: from, to: store.clock.now()),
                                                  windows: Self.windows, by: .tier)
        #expect(rows.first { $0.group == .tier(.critical) }?.figures.results == 3)
    }

    // SQLite only: GRDB's migrations (PostgreSQL starts from a baseline with the same indexes).
    @Test("v10-report-received adds the received and closed indexes")
    func migration() throws {
        let store = try TestStore.lifecycle()
        let indexes = try store.database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tasks'")
        }
        #expect(indexes.contains("tasks_received"))
        #expect(indexes.contains("tasks_closed_at"))
        #expect(try store.count("SELECT COUNT(*) FROM grdb_migrations WHERE identifier = 'v10-report-received'") == 1)
    }
}
