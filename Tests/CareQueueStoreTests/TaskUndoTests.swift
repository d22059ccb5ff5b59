import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("Undo, re-open and notes through the store")
struct TaskUndoTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var urgency: Urgency
        var before: [TaskAction]
        var action: TaskAction
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "ack of a critical task (its clock stopped)", urgency: .critical, before: [], action: .acknowledge),
        Case(name: "a failed attempt that acknowledged", urgency: .abnormal, before: [],
             action: .attempt(.noAnswer, note: "no voicemail")),
        Case(name: "a close after an attempt", urgency: .routine, before: [.attempt(.leftMessage, note: "")],
             action: .close(.reached, note: "told patient")),
        Case(name: "a reassignment", urgency: .abnormal, before: [.acknowledge],
             action: .reassign(toNPI: Fixture.drB, note: "Dr B follows her")),
        Case(name: "an attempt that replaced a callback", urgency: .routine,
             before: [.attempt(.noAnswer, note: "", callbackAt: Fixture.start.addingTimeInterval(3600))],
             action: .attempt(.leftMessage, note: "", callbackAt: Fixture.start.addingTimeInterval(7200))),
        Case(name: "a close that ended a callback", urgency: .abnormal,
             before: [.attempt(.noAnswer, note: "", callbackAt: Fixture.start.addingTimeInterval(3600))],
             action: .close(.portalMessage, note: "sent a portal message")),
    ]

    /// Every column of task `id` but the two an undo must move on (the version, the write time).
    static func columns(_ store: TestStore, _ id: Int64) throws -> [String: DatabaseValue] {
        try store.database.engine.read { db in
            let row = try #require(try db.fetchOne("SELECT * FROM tasks WHERE id = ?") { $0.add(id) })
            var values: [String: DatabaseValue] = [:]
            for column in row.columnNames where !["version", "updated_at"].contains(column) {
                values[column] = row.databaseValue(named: column)
            }
            return values
        }
    }

    @Test("undo restores every column exactly and deletes the attempt, with the action's and its own audit row",
          arguments: StoreKind.available, cases)
    func restoresExactly(kind: StoreKind, _ c: Case) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, c.urgency))
        for action in c.before { try store.act(action, id, by: "sam") }
        store.clock.advance(by: 120)
        let before = try Self.columns(store, id)
        let attemptsBefore = try store.count("SELECT COUNT(*) FROM attempts")
        let versionBefore = try #require(Int(try store.column("version", of: id) ?? ""))

        try store.act(c.action, id, by: "alice")
        #expect(try Self.columns(store, id) != before, "the action changed nothing to undo")
        store.clock.advance(by: 5)
        let undone = try store.database.undoLatestAction(onTask: id, by: "alice", at: store.clock.now())

        #expect(try Self.columns(store, id) == before)
        #expect(try store.count("SELECT COUNT(*) FROM attempts") == attemptsBefore)
        #expect(Int(try store.column("version", of: id) ?? "") == versionBefore + 2, "undo is a write others must see")
        let rows = try store.database.auditRecords(taskID: id).suffix(2)
        #expect(rows.map(\.action) == [c.action.name, TaskRevisionAudit.undone])
        let undo = try #require(rows.last)
        #expect(undo.user == "alice")
        #expect(AuditDetails(undo.details).string("undone_action") == c.action.name)
        #expect(undone.undoneAction == c.action.name)
        let seq = try store.count("SELECT max(seq) FROM audit WHERE action = '\(c.action.name)'")
        #expect(undone.undoneSeq == Int64(seq))
        #expect(undo.details.contains("\"undone_seq\":\(seq)"))
        if case .broken(let seq, let why) = try store.verify() { Issue.record("audit chain broken at \(seq): \(why)") }
    }

    @Test("after someone else's action, undo is refused and names them; the task keeps their change", arguments: StoreKind.available)
    func refusedAfterAnotherAction(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .critical))
        try store.act(.acknowledge, id, by: "alice")
        try store.act(.close(.reached, note: "called"), id, by: "kim")
        let error = #expect(throws: TaskActionError.self) {
            try store.database.undoLatestAction(onTask: id, by: "alice", at: store.clock.now())
        }
        #expect(error?.description.hasPrefix("not undone: the latest action on task \(id) is close by kim at ") == true)
        #expect(try store.task(id).status == .closed)
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'task.undone'") == 0)
    }

    @Test("after the version moved (an escalation), undo is refused naming what changed it", arguments: StoreKind.available)
    func refusedAfterVersionMoved(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .routine))
        try store.act(.acknowledge, id, by: "alice")
        store.clock.advance(by: 73 * 3600)
        try store.sweep()
        let error = #expect(throws: TaskActionError.self) {
            try store.database.undoLatestAction(onTask: id, by: "alice", at: store.clock.now())
        }
        #expect(error?.description.hasPrefix("not undone: task \(id) changed after your ack: escalation by carequeue at ") == true)
        #expect(try store.task(id).status == .acknowledged)
    }

    @Test("an undone action cannot be undone twice; a task without actions has nothing to undo", arguments: StoreKind.available)
    func onceOnly(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .abnormal))
        #expect(throws: TaskActionError.refused(LifecycleRefusal("not undone: nothing was done to task \(id) that could be undone"))) {
            try store.database.undoLatestAction(onTask: id, by: "alice", at: store.clock.now())
        }
        try store.act(.acknowledge, id, by: "alice")
        try store.database.undoLatestAction(onTask: id, by: "alice", at: store.clock.now())
        let error = #expect(throws: TaskActionError.self) {
            try store.database.undoLatestAction(onTask: id, by: "alice", at: store.clock.now())
        }
        #expect(error?.description.contains("your ack of task \(id) was already undone") == true)
        #expect(throws: TaskActionError.unknownTask(999)) {
            try store.database.undoLatestAction(onTask: 999, by: "alice", at: store.clock.now())
        }
    }

    @Test("re-open: a closed task is open again with a new clock, level 0, marked re-opened, audited with the note", arguments: StoreKind.available)
    func reopen(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .critical))
        try store.act(.close(.reached, note: "called"), id, by: "sam")
        store.clock.advance(by: 3600)
        try store.database.reopen(task: id, note: "patient called back: new symptoms", by: "alice", at: store.clock.now(),
                                  windows: CareQueueConfig.Windows())
        let task = try store.task(id)
        #expect(task.status == .open)
        #expect(task.reopened)
        #expect(task.escalationLevel == 0)
        #expect(task.dueAt == store.clock.now().addingTimeInterval(30 * 60))
        for column in ["closed_at", "closed_by", "close_outcome", "close_note", "acknowledged_at", "clock_stopped_at"] {
            #expect(try store.column(column, of: id) == nil, "\(column) kept")
        }
        #expect(try store.column("clock_started_at", of: id) == StoreTime.text(store.clock.now()))
        let row = try #require(try store.database.auditRecords(taskID: id).last)
        #expect(row.action == "task.reopened")
        #expect(AuditDetails(row.details).string("note") == "patient called back: new symptoms")
        #expect(AuditDetails(row.details).string("previous_outcome") == "reached")
        // Open now: a second re-opening is refused, and so is one without a note.
        #expect(throws: TaskActionError.refused(LifecycleRefusal("task is not closed: only a closed task can be re-opened"))) {
            try store.database.reopen(task: id, note: "again", by: "alice", at: store.clock.now(), windows: .init())
        }
        try store.act(.close(.reached, note: "done"), id, by: "sam")
        #expect(throws: TaskActionError.refused(LifecycleRefusal("re-opening needs a note saying why"))) {
            try store.database.reopen(task: id, note: "  ", by: "alice", at: store.clock.now(), windows: .init())
        }
    }

    @Test("a note is an audit row of its own and changes nothing else; an empty note or unknown task is refused", arguments: StoreKind.available)
    func note(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .abnormal))
        let version = try store.column("version", of: id)
        try store.database.addNote("left voicemail before kim closed it", toTask: id, by: "alice", at: store.clock.now())
        let row = try #require(try store.database.auditRecords(taskID: id).last)
        #expect(row.action == "task.note" && row.user == "alice")
        #expect(AuditDetails(row.details).string("note") == "left voicemail before kim closed it")
        #expect(try store.column("version", of: id) == version)
        #expect(throws: TaskActionError.self) { try store.database.addNote(" ", toTask: id, by: "alice", at: store.clock.now()) }
        #expect(throws: TaskActionError.unknownTask(999)) {
            try store.database.addNote("x", toTask: 999, by: "alice", at: store.clock.now())
        }
    }
}

@Suite("Claims: soft locks that expire")
struct TaskClaimTests {
    @Test("a claim shows on the task until it lapses; a newer claim replaces it; nothing is audited", arguments: StoreKind.available)
    func expires(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .critical))
        let audit = try store.count("SELECT COUNT(*) FROM audit")
        let start = store.clock.now()
        try store.database.claim(task: id, by: "kim", at: start, for: 300)
        let claim = TaskClaim(by: "kim", at: start, until: start.addingTimeInterval(300))
        #expect(try store.task(id).claim == claim)
        #expect(try store.database.activeClaims(at: start.addingTimeInterval(299)) == [id: claim])
        #expect(try store.database.activeClaims(at: start.addingTimeInterval(300)).isEmpty)
        #expect(try store.count("SELECT COUNT(*) FROM audit") == audit, "a claim spammed the audit trail")

        try store.database.claim(task: id, by: "sam", at: start.addingTimeInterval(60), for: 300)
        #expect(try store.task(id).claim?.by == "sam")
        // The next claim anywhere drops lapsed rows.
        let other = try store.newTask(Fixture.task(2, .routine))
        try store.database.claim(task: other, by: "kim", at: start.addingTimeInterval(400), for: 300)
        #expect(try store.count("SELECT COUNT(*) FROM task_claims") == 1)
        try store.database.claim(task: 999, by: "kim", at: start, for: 300)
        #expect(try store.count("SELECT COUNT(*) FROM task_claims WHERE task_id = 999") == 0)
    }

    @Test("a look leaves another user's live claim in place and renews one's own; after it lapses a look claims", arguments: StoreKind.available)
    func viewingKeepsOthers(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .critical))
        let start = store.clock.now()
        try store.database.claim(task: id, by: "kim", at: start, for: 300)
        try store.database.claim(task: id, by: "sam", at: start.addingTimeInterval(60), for: 300, purpose: .viewing)
        #expect(try store.task(id).claim == TaskClaim(by: "kim", at: start, until: start.addingTimeInterval(300)))
        try store.database.claim(task: id, by: "kim", at: start.addingTimeInterval(90), for: 300, purpose: .viewing)
        #expect(try store.task(id).claim?.until == start.addingTimeInterval(390), "one's own look renews it")
        try store.database.claim(task: id, by: "sam", at: start.addingTimeInterval(400), for: 300, purpose: .viewing)
        #expect(try store.task(id).claim?.by == "sam", "a lapsed claim is no claim")
        try store.database.claim(task: id, by: "kim", at: start.addingTimeInterval(410), for: 300)
        #expect(try store.task(id).claim?.by == "kim", "acting takes it over")
    }

    @Test("closing a task releases its claim", arguments: StoreKind.available)
    func closeReleases(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .routine))
        try store.database.claim(task: id, by: "kim", at: store.clock.now(), for: 300)
        try store.act(.close(.reached, note: "ok"), id, by: "kim")
        #expect(try store.task(id).claim == nil)
    }
}
