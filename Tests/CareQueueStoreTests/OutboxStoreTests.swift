import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore

/// The outbox as the store keeps it (v12-outbox): which actions write a row, how long it is held,
/// undo, the verdicts of sends, retry, and the queries `outbox list`, `tasks show` and the header read.
@Suite("The outbox through the store (v12-outbox)")
struct OutboxStoreTests {
    static let refusal = "MSH|^~\\&|EHR|EAST|CareQueue||20260101120000||ACK|A1|P|2.5.1\rMSA|AE|X|unknown patient\r"

    /// `[outbound]` to a port nothing listens on, for `events`; actions held `[ui] undo_window` (10 s).
    static func store(_ kind: StoreKind, events: [OutboundEvent.Kind] = [.close]) throws -> TestStore {
        var config = CareQueueConfig()
        var outbound = CareQueueConfig.Outbound(host: "127.0.0.1", port: 9)
        outbound.events = events
        config.outbound = outbound
        return try TestStore(kind: kind, config: config, roster: Fixture.fullRoster)
    }

    static func rows(_ store: TestStore) throws -> [OutboxEntry] {
        try store.database.outboxEntries().reversed()
    }

    /// Sends row `id` once at the clock's time and records `verdict`.
    static func send(_ store: TestStore, _ id: Int64, _ verdict: DeliveryVerdict) throws {
        #expect(try store.database.beginOutboxSend(id, at: store.clock.now()))
        try store.database.recordOutboxVerdict(id, verdict, at: store.clock.now(), retryCap: 60)
    }

    static func refused(_ store: TestStore, _ id: Int64) throws {
        try send(store, id, .refused(code: "AE", ack: refusal, reason: "AE: unknown patient"))
    }

    @Test("only the events [outbound] names write a row, in the action's transaction; no [outbound], no rows", arguments: StoreKind.available)
    func onlyConfiguredEvents(kind: StoreKind) throws {
        let store = try Self.store(kind, events: [.close])
        let id = try store.newTask(Fixture.task(1, .abnormal))
        try store.act(.acknowledge, id)
        try store.act(.attempt(.noAnswer, note: ""), id)
        #expect(try store.database.outboxCount() == 0, "ack and attempt are not configured")
        try store.act(.close(.reached, note: "told her"), id)

        let rows = try Self.rows(store)
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row.taskID == id && row.event == .close && row.status == .waiting && row.messageType == "MDM^T02")
        #expect(row.patient == "Doe, Jan" && row.test == "Basic metabolic panel")
        #expect(row.createdAt == Fixture.start && row.attempts == 0)
        let (_, message) = try #require(try store.database.outboxEntry(id: row.id))
        #expect(message.hasPrefix("MSH|^~\\&|CareQueue|"))
        #expect(message.contains("|\(row.controlID)|P|2.5.1\r"), "MSH-10 is the row's control id")
        #expect(message.contains("told her"))

        let other = try Self.store(kind, events: [.attempt, .reopen])
        let second = try other.newTask(Fixture.task(2, .routine))
        try other.act(.attempt(.leftMessage, note: ""), second)
        try other.act(.close(.reached, note: "done"), second)
        try other.database.reopen(task: second, note: "wrong patient", by: "alice", at: other.clock.now(), windows: .init())
        #expect(try Self.rows(other).map(\.event) == [.attempt, .reopen])

        let none = try TestStore(kind: kind, roster: Fixture.fullRoster)
        let third = try none.newTask(Fixture.task(3, .routine))
        try none.act(.close(.reached, note: "done"), third)
        #expect(try none.database.outboxCount() == 0)
    }

    @Test("a row waits out the undo window before it is due; the command line's hold of 0 sends at once", arguments: StoreKind.available)
    func heldForTheUndoWindow(kind: StoreKind) throws {
        let store = try Self.store(kind)
        let id = try store.newTask(Fixture.task(1, .routine))
        try store.act(.close(.reached, note: "done"), id)
        let row = try #require(try Self.rows(store).first)
        // The window, and the second after it: the action's instant is kept to the whole second,
        // while undo is offered from the instant itself.
        #expect(row.deliverableAt == Fixture.start.addingTimeInterval(11))
        #expect(try store.database.nextOutboxDue(at: Fixture.start.addingTimeInterval(10)) == .wait(until: row.deliverableAt))
        guard case .send(let send) = try store.database.nextOutboxDue(at: row.deliverableAt) else {
            Issue.record("not due at the end of the window")
            return
        }
        #expect(send.id == row.id && send.controlID == row.controlID)

        store.database.holdOutbox(for: 0)
        let other = try store.newTask(Fixture.task(2, .routine))
        try store.act(.close(.reached, note: "done"), other)
        #expect(try store.database.outboxEntries(forTask: other).first?.deliverableAt == store.clock.now())
    }

    @Test("undo within the window cancels the held row and says so in its audit row; nothing is then due", arguments: StoreKind.available)
    func undoCancels(kind: StoreKind) throws {
        let store = try Self.store(kind)
        let id = try store.newTask(Fixture.task(1, .routine))
        try store.act(.close(.reached, note: "done"), id)
        store.clock.advance(by: 5)
        try store.database.undoLatestAction(onTask: id, by: "alice", at: store.clock.now())

        let row = try #require(try Self.rows(store).first)
        #expect(row.status == .cancelled && row.finishedAt == store.clock.now())
        let undo = try #require(try store.database.auditRecords(taskID: id).last)
        #expect(undo.action == TaskRevisionAudit.undone && undo.details.contains("\"outbox_cancelled\":[\(row.id)]"))
        #expect(try store.database.nextOutboxDue(at: store.clock.now().addingTimeInterval(60)) == .idle)
        #expect(try store.database.beginOutboxSend(row.id, at: store.clock.now()) == false, "a cancelled row is never sent")
    }

    @Test("once a send began, undo is refused naming the control id, and the row stays in line", arguments: StoreKind.available)
    func undoRefusedAfterSend(kind: StoreKind) throws {
        let store = try Self.store(kind)
        let id = try store.newTask(Fixture.task(1, .routine))
        try store.act(.close(.reached, note: "done"), id)
        let row = try #require(try Self.rows(store).first)
        #expect(try store.database.beginOutboxSend(row.id, at: store.clock.now()))

        let error = #expect(throws: TaskActionError.self) {
            try store.database.undoLatestAction(onTask: id, by: "alice", at: store.clock.now())
        }
        #expect(error?.description.contains("already sent to the EHR (control id \(row.controlID)") == true)
        #expect(try store.task(id).status == .closed)
        #expect(try Self.rows(store).first?.status == .waiting)
    }

    @Test("a refused row is failed with the ACK; retry puts it back under the same control id, audited; only failed rows", arguments: StoreKind.available)
    func retryFailed(kind: StoreKind) throws {
        let store = try Self.store(kind)
        let first = try store.newTask(Fixture.task(1, .routine))
        let second = try store.newTask(Fixture.task(2, .routine))
        try store.act(.close(.reached, note: "done"), first)
        try store.act(.close(.reached, note: "done"), second)
        let rows = try Self.rows(store)
        try Self.refused(store, rows[0].id)
        try Self.send(store, rows[1].id, .delivered(code: "AA", ack: "MSA|AA|x"))

        let failed = try #require(try store.database.outboxEntry(id: rows[0].id)?.entry)
        #expect(failed.status == .failed && failed.ackCode == "AE" && failed.lastError == "AE: unknown patient")
        #expect(failed.ack == Self.refusal && failed.finishedAt == store.clock.now())
        #expect(try store.database.auditRecords(taskID: first).last?.action == OutboxAudit.failed)
        #expect(try store.database.auditRecords(taskID: second).last?.action == OutboxAudit.delivered)

        store.clock.advance(by: 60)
        #expect(try store.database.retryOutbox(rows[1].id, by: "kim", at: store.clock.now()) == false, "delivered")
        #expect(try store.database.retryOutbox(rows[0].id, by: "kim", at: store.clock.now()))
        let retried = try #require(try store.database.outboxEntry(id: rows[0].id)?.entry)
        #expect(retried.status == .waiting && retried.controlID == rows[0].controlID && retried.attempts == 1)
        #expect(retried.ack == nil && retried.ackCode == nil && retried.finishedAt == nil)
        #expect(retried.nextAttemptAt == store.clock.now())
        let audit = try #require(try store.database.auditRecords(taskID: first).last)
        #expect(audit.action == OutboxAudit.retried && audit.user == "kim")
        #expect(AuditDetails(audit.details).string("previous_error") == "AE: unknown patient")
        #expect(try store.database.retryOutbox(rows[0].id, by: "kim", at: store.clock.now()) == false, "waiting now")

        try Self.refused(store, rows[0].id)
        #expect(try store.database.retryAllFailedOutbox(by: "kim", at: store.clock.now()) == 1)
        #expect(try store.database.retryAllFailedOutbox(by: "kim", at: store.clock.now()) == 0)
        if case .broken(let seq, let why) = try store.verify() { Issue.record("audit chain broken at \(seq): \(why)") }
    }

    @Test("counts, the newest-first list with its window, a task's rows oldest first, and the header's summary", arguments: StoreKind.available)
    func queriesAndSummary(kind: StoreKind) throws {
        let store = try Self.store(kind, events: [.attempt, .close])
        let first = try store.newTask(Fixture.task(1, .routine))
        let second = try store.newTask(Fixture.task(2, .routine))
        try store.act(.attempt(.noAnswer, note: ""), first)
        store.clock.advance(by: 30)
        try store.act(.close(.reached, note: "done"), first)
        try store.act(.close(.reached, note: "done"), second)
        let ids = try Self.rows(store).map(\.id)
        store.clock.advance(by: 10)
        try Self.refused(store, ids[0])
        try Self.send(store, ids[1], .retry(reason: "connection refused"))

        #expect(try store.database.outboxCount() == 3)
        #expect(try store.database.outboxCount(status: .waiting) == 2)
        #expect(try store.database.outboxCount(status: .failed) == 1)
        #expect(try store.database.outboxCount(status: .delivered) == 0)
        #expect(try store.database.outboxEntries().map(\.id) == ids.reversed())
        #expect(try store.database.outboxEntries(limit: 1, offset: 1).map(\.id) == [ids[1]])
        #expect(try store.database.outboxEntries(status: .waiting).map(\.id) == [ids[2], ids[1]])
        #expect(try store.database.outboxEntries(forTask: first).map(\.event) == [.attempt, .close])

        let retrying = try #require(try store.database.outboxEntry(id: ids[1])?.entry)
        #expect(retrying.lastError == "connection refused" && retrying.firstFailureAt == store.clock.now())
        #expect(retrying.nextAttemptAt == store.clock.now().addingTimeInterval(1), "the first resend waits 1 s")

        let summary = try store.database.outboxSummary()
        #expect(summary.waiting == 2 && summary.failed == 1)
        #expect(summary.oldestWaitingAt == Fixture.start.addingTimeInterval(30))
        #expect(summary.unreachableSince == store.clock.now())
        #expect(summary.recentFailures.map(\.id) == [ids[0]])
        #expect(summary.headerText(at: store.clock.now().addingTimeInterval(120)) == "⇢ EHR unreachable 2m, 2 waiting, 1 failed")
    }
}
