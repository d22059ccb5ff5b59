import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("Open-task counts kept from the change log, and the indexes the dashboard's reads use")
struct OpenTaskCountsTests {
    /// The board's counts as kept, and as counted afresh from every open task.
    private func keptAndFresh(_ store: TestStore, at now: Date) throws -> (kept: [BoardCounts], fresh: [BoardCounts]) {
        let kept = try store.database.boardCounts(at: now, dueSoonWithin: 15 * 60)
        store.database.openTaskTally.reset()
        let fresh = try store.database.boardCounts(at: now, dueSoonWithin: 15 * 60)
        return (kept, fresh)
    }

    @Test("after each kind of write, and as the clock moves either way, kept counts equal a fresh count",
          arguments: StoreKind.available)
    func keptEqualsFresh(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let critical = try store.newTask(Fixture.task(1, .critical))
        let abnormal = try store.newTask(Fixture.task(2, .abnormal))
        let routine = try store.newTask(Fixture.task(3, .routine, provider: Fixture.drB))
        _ = try store.database.boardCounts(at: store.clock.now(), dueSoonWithin: 15 * 60)

        var steps: [(String, () throws -> Void)] = []
        steps.append(("a new Unassigned task", { _ = try store.newTask(Fixture.task(4, .routine, provider: nil)) }))
        steps.append(("the clock past the critical due time", { store.clock.advance(by: 31 * 60) }))
        steps.append(("a sweep escalates", { try store.sweep() }))
        steps.append(("acknowledged", { try store.act(.acknowledge, abnormal) }))
        steps.append(("reassigned", { try store.act(.reassign(toNPI: Fixture.drA, note: "mine"), routine) }))
        steps.append(("closed", { try store.act(.close(.reached, note: "called"), critical) }))
        steps.append(("the clock a day on", { store.clock.advance(by: 86_400) }))
        steps.append(("the clock back an hour", { store.clock.advance(by: -3_600) }))
        steps.append(("a second sweep", { try store.sweep() }))
        for (name, step) in steps {
            try step()
            let (kept, fresh) = try keptAndFresh(store, at: store.clock.now())
            #expect(kept == fresh, "\(name)")
        }
        let counts = try store.database.queueCounts(at: store.clock.now())
        #expect(counts.map(\.providerNPI) == [nil, Fixture.drA])
        #expect(counts.map(\.open) == [1, 2])
    }

    @Test("counts follow a write made by another connection, through the log", arguments: StoreKind.available)
    func otherConnection(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .routine))
        #expect(try store.database.queueCounts(at: store.clock.now()).map(\.open) == [1])
        try store.tamper("UPDATE tasks SET urgency = 'critical' WHERE id = \(id)")

        let counts = try store.database.queueCounts(at: store.clock.now())

        var expected = QueueCounts(providerNPI: Fixture.drA, open: 1, overdue: 0, critical: 1)
        expected.criticalWaiting = 1
        #expect(counts == [expected])
        #expect(try store.count("SELECT COUNT(*) FROM task_changes") == 2)
    }

    @Test("the change log keeps the latest 4,096 to 4,608 writes; a reader further behind counts afresh",
          arguments: StoreKind.available)
    func logIsBounded(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .routine))
        _ = try store.database.queueCounts(at: store.clock.now())
        try store.tamper(String(repeating: "UPDATE tasks SET attempts = attempts + 1 WHERE id = \(id);", count: 5_200))
        try store.tamper("UPDATE tasks SET status = 'closed', closed_at = '2026-01-01T12:00:00Z', closed_by = 'x', close_outcome = 'reached' WHERE id = \(id)")

        let kept = try store.count("SELECT COUNT(*) FROM task_changes")
        #expect((4_096...4_608).contains(kept), "\(kept)")
        #expect(try store.count("SELECT max(seq) - min(seq) + 1 FROM task_changes") == kept, "the latest, without gaps")
        #expect(try store.database.queueCounts(at: store.clock.now()).isEmpty)
    }

    /// The plan SQLite chooses for `sql`, one line per step.
    private func plan(_ store: TestStore, _ sql: String, _ arguments: StatementArguments = []) throws -> [String] {
        try store.database.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
        }
    }

    @Test("a queue page and find's ordered read are ranges of their indexes, never a sort of the queue")
    func plans() throws {
        let store = try TestStore.lifecycle()
        let order = CareQueueDatabase.urgencyOrder
        let page = try plan(store, "SELECT * FROM tasks WHERE status <> 'closed' AND assigned_npi = ? ORDER BY \(order) LIMIT 40 OFFSET 4000", [Fixture.drA])
        #expect(page == ["SEARCH tasks USING INDEX tasks_open_queue_order (assigned_npi=?)"])
        let unassigned = try plan(store, "SELECT * FROM tasks WHERE status <> 'closed' AND assigned_npi IS NULL ORDER BY \(order) LIMIT 40")
        #expect(unassigned == ["SEARCH tasks USING INDEX tasks_open_queue_order (assigned_npi=?)"])
        let find = try plan(store, "SELECT id FROM tasks INDEXED BY tasks_open_find WHERE status <> 'closed' AND instr(search_folded, 'ng') > 0 ORDER BY \(order) LIMIT 40")
        #expect(find == ["SCAN tasks USING COVERING INDEX tasks_open_find"])
        let due = try plan(store, """
            SELECT assigned_npi, urgency, COUNT(*) FROM tasks INDEXED BY tasks_open_find
            WHERE status <> 'closed' AND (urgency <> 'critical') IN (0, 1) AND (due_at IS NULL) = 0 AND due_at > ? AND due_at <= ?
            GROUP BY assigned_npi, urgency
            """, ["a", "b"])
        #expect(due.first == "SEARCH tasks USING COVERING INDEX tasks_open_find (<expr>=? AND <expr>=? AND due_at>? AND due_at<?)")
    }

    @Test("the sweep's candidates are index ranges: it never scans every task")
    func sweepPlan() throws {
        let store = try TestStore.lifecycle()
        let ranges = EscalationRows.candidateRanges(at: Fixture.start, windows: CareQueueConfig.Windows())
        let lines = try plan(store, EscalationRows.candidatesSQL(.sqlite),
                             StatementArguments(ranges.flatMap { [$0.level, $0.urgency, $0.cutoff] as [any DatabaseValueConvertible] }))
        #expect(!lines.isEmpty)
        #expect(!lines.contains { $0.hasPrefix("SCAN") }, "\(lines)")
    }
}
