import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("Callbacks and contact preferences in the store")
struct CallbackStoreTests {
    let hour: TimeInterval = 3600

    @Test("an attempt stores its callback; the next attempt replaces it; a close ends it", arguments: StoreKind.available)
    func lifecycle(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .abnormal))
        let first = store.clock.now().addingTimeInterval(hour)
        try store.act(.attempt(.noAnswer, note: "", callbackAt: first), id)
        #expect(try store.task(id).callbackAt == first)
        #expect(try store.column("callback_at", of: id) == "2026-01-01T13:00:00Z")

        let second = store.clock.now().addingTimeInterval(5 * hour)
        try store.act(.attempt(.leftMessage, note: "VM", callbackAt: second), id)
        #expect(try store.task(id).callbackAt == second)
        let audit = try #require(try store.database.auditRecords(taskID: id).last)
        #expect(audit.details.contains(#""callback_at":"2026-01-01T17:00:00Z""#))

        try store.act(.reassign(toNPI: Fixture.drB, note: "Dr B follows her"), id)
        #expect(try store.task(id).callbackAt == second, "a reassignment leaves the callback")

        try store.act(.close(.reached, note: "called back"), id)
        #expect(try store.column("callback_at", of: id) == nil)
        #expect(try store.task(id).callbackAt == nil)
    }

    @Test("an attempt without a callback clears the last one", arguments: StoreKind.available)
    func attemptWithout(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .routine))
        try store.act(.attempt(.noAnswer, note: "", callbackAt: store.clock.now().addingTimeInterval(hour)), id)
        try store.act(.attempt(.wrongNumber, note: "number is a fax"), id)
        #expect(try store.task(id).callbackAt == nil)
    }

    @Test("undo of an attempt restores the callback it replaced", arguments: StoreKind.available)
    func undoRestores(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .abnormal))
        let first = store.clock.now().addingTimeInterval(hour)
        try store.act(.attempt(.noAnswer, note: "", callbackAt: first), id)
        try store.act(.attempt(.leftMessage, note: "", callbackAt: first.addingTimeInterval(hour)), id)
        try store.database.undoLatestAction(onTask: id, by: "alice", at: store.clock.now())
        #expect(try store.task(id).callbackAt == first)
        #expect(try store.task(id).attempts == 1)
    }

    @Test("undo of an action recorded before callbacks existed still works (the column restores as null)", arguments: StoreKind.available)
    func undoOfOlderRow(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .critical))
        try store.act(.acknowledge, id)
        // As an audit row written by v8: no callback_at among the columns it kept.
        let details = try #require(try store.database.auditRecords(taskID: id).last?.details)
        #expect(details.contains("callback_at"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(details.utf8)) as? [String: Any])
        var before = try #require(object["before"] as? [String: Any])
        before["callback_at"] = nil
        var older = object
        older["before"] = before
        let text = String(decoding: try JSONSerialization.data(withJSONObject: older), as: UTF8.self)
        let quoted = text.replacingOccurrences(of: "'", with: "''")
        try store.tamper(kind == .sqlite ? "DROP TRIGGER audit_no_update" : "DROP TRIGGER audit_no_update ON audit")
        try store.tamper("UPDATE audit SET details = '\(quoted)' WHERE seq = (SELECT MAX(seq) FROM audit WHERE task_id = \(id))")
        try store.database.undoLatestAction(onTask: id, by: "alice", at: store.clock.now())
        #expect(try store.task(id).status == .open)
    }

    @Test("a due callback rises above abnormal and routine tasks, never above a critical one; a waiting one stays put", arguments: StoreKind.available)
    func order(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let critical = try store.newTask(Fixture.task(1, .critical))
        let abnormal = try store.newTask(Fixture.task(2, .abnormal))
        let routineA = try store.newTask(Fixture.task(3, .routine))
        let routineB = try store.newTask(Fixture.task(4, .routine))
        let now = store.clock.now()
        try store.act(.attempt(.noAnswer, note: "", callbackAt: now.addingTimeInterval(hour)), routineB)
        let usual = [critical, abnormal, routineA, routineB]
        let due = now.addingTimeInterval(hour)
        // The order itself, on either store: one critical task in scope (what the tally would say).
        func window(_ queues: [String?]?, _ tier: Urgency?, at time: Date, offset: Int = 0, limit: Int = 10) throws -> [Int64] {
            try store.database.engine.read { db in
                try CareQueueDatabase.windowIDs(queues: queues, tier: tier, criticalTotal: tier == nil || tier == .critical ? 1 : 0,
                                                at: time, limit: limit, offset: offset, db)
            }
        }
        #expect(try window([Fixture.drA], nil, at: now) == usual)
        #expect(try window([Fixture.drA], nil, at: due) == [critical, routineB, abnormal, routineA])
        #expect(try window([Fixture.drA], nil, at: due, offset: 1, limit: 2) == [routineB, abnormal])
        #expect(try window(nil, nil, at: due) == [critical, routineB, abnormal, routineA])
        #expect(try window([Fixture.drA, nil], .routine, at: due) == [routineB, routineA])
        #expect(try window(nil, .critical, at: due) == [critical])
        #expect(try window([Fixture.drB], nil, at: due).isEmpty)

        func ids(at time: Date, offset: Int = 0, limit: Int = 10) throws -> [Int64] {
            try store.database.queueWindow(assignedNPI: Fixture.drA, at: time, limit: limit, offset: offset).tasks.map(\.id)
        }
        #expect(try ids(at: now) == usual, "waiting: in its usual place")
        #expect(try ids(at: due) == [critical, routineB, abnormal, routineA])
        #expect(try ids(at: due, offset: 1, limit: 2) == [routineB, abnormal], "a page across the parts")
        #expect(try ids(at: due, offset: 3, limit: 5) == [routineA])
        let worklist = try store.database.worklistWindow(queues: nil, tier: nil, at: due, limit: 10, offset: 0)
        #expect(worklist.ids == [critical, routineB, abnormal, routineA] && worklist.total == 4)
        let routine = try store.database.worklistWindow(queues: nil, tier: .routine, at: due, limit: 10, offset: 0)
        #expect(routine.ids == [routineB, routineA])
        let criticalOnly = try store.database.worklistWindow(queues: nil, tier: .critical, at: due, limit: 10, offset: 0)
        #expect(criticalOnly.ids == [critical])
    }

    @Test("the callback's escalation clock is unchanged: a routine task waiting for its callback still escalates", arguments: StoreKind.available)
    func clockUnchanged(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .routine))
        let dueBefore = try store.column("due_at", of: id)
        try store.act(.attempt(.noAnswer, note: "", callbackAt: store.clock.now().addingTimeInterval(30 * 86_400)), id)
        #expect(try store.column("due_at", of: id) == dueBefore)
        store.clock.advance(by: 30 * 86_400)
        _ = try store.sweep()
        #expect(try store.task(id).escalationLevel > 0)
    }

    @Test("the slices of a page around the due callbacks")
    func slices() {
        typealias Slice = CallbackOrder.Slice
        #expect(CallbackOrder.slices(offset: 0, limit: 5, critical: 2, due: 2)
            == [Slice(part: .critical, offset: 0, count: 2), Slice(part: .due, offset: 0, count: 2),
                Slice(part: .rest, offset: 0, count: 1)])
        #expect(CallbackOrder.slices(offset: 3, limit: 2, critical: 2, due: 2)
            == [Slice(part: .due, offset: 1, count: 1), Slice(part: .rest, offset: 0, count: 1)])
        #expect(CallbackOrder.slices(offset: 10, limit: 3, critical: 2, due: 2) == [Slice(part: .rest, offset: 6, count: 3)])
    }

    @Test("due callbacks are one read of the callback index; the parts around them stay index ranges")
    func plans() throws {
        let store = try TestStore.lifecycle()
        func plan(_ sql: String, _ bindings: SQLBindings) throws -> [String] {
            try store.database.engine.read { db in
                try db.fetchAll("EXPLAIN QUERY PLAN " + sql) {
                    $0 = bindings
                    $0.add(40)
                    $0.add(0)
                }.map { $0["detail"] as String }
            }
        }
        let (rest, restBindings) = CareQueueDatabase.worklistQuery(.sqlite, queues: [Fixture.drA], tier: nil, critical: false,
                                                                   excluding: [7, 9])
        #expect(try plan(rest, restBindings)
            == ["SEARCH tasks USING INDEX tasks_open_queue_order (assigned_npi=? AND <expr>=?)"])
        let (all, allBindings) = CareQueueDatabase.worklistQuery(.sqlite, queues: nil, tier: nil, critical: true, excluding: [7])
        #expect(try plan(all, allBindings) == ["SEARCH tasks USING COVERING INDEX tasks_open_find (<expr>=?)"])
        let due = try store.database.pool.read { db in
            try Row.fetchAll(db, sql: """
                EXPLAIN QUERY PLAN SELECT id FROM tasks INDEXED BY tasks_open_callback
                WHERE callback_at IS NOT NULL AND status <> 'closed' AND callback_at <= ? AND assigned_npi = ?
                """, arguments: ["2026-01-01T12:00:00Z", Fixture.drA]).map { $0["detail"] as String }
        }
        #expect(due == ["SEARCH tasks USING INDEX tasks_open_callback (callback_at>? AND callback_at<?)"])
    }

    @Test("a contact preference is stored per patient, audited, and shows on the patient's later tasks", arguments: StoreKind.available)
    func contactPreference(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let first = try store.newTask(Fixture.task(1, .routine))
        #expect(try store.task(first).contactPreference == nil)
        try store.database.setContactPreference(.portal, forTaskOf: first, by: "alice", at: store.clock.now())
        #expect(try store.task(first).contactPreference == .portal)
        try store.database.setContactPreference(.letter, forTaskOf: first, by: "kim", at: store.clock.now())
        let audit = try store.database.auditRecords(taskID: first).filter { $0.action == ContactPreference.auditAction }
        #expect(audit.map(\.details) == [#"{"before":null,"preference":"portal"}"#,
                                         #"{"before":"portal","preference":"letter"}"#])

        // A later result for the same patient (same MRN), another test: a new task that shows it.
        let later = try store.newTask(Fixture.result("L1", patient: Fixture.patient("MRN1"),
                                                     Fixture.order(filler: "F9", placer: "P9", service: "CBC",
                                                                   observations: [Fixture.potassium("4.0")])))
        #expect(later != first)
        #expect(try store.task(later).contactPreference == .letter)
        let other = try store.newTask(Fixture.task(2, .routine))
        #expect(try store.task(other).contactPreference == nil, "another patient")
        #expect(throws: TaskActionError.unknownTask(999)) {
            try store.database.setContactPreference(.phone, forTaskOf: 999, by: "alice", at: store.clock.now())
        }
    }
}
