import CareQueueCore
import Foundation
import StoreFixtures
import Synchronization
import TestSupport
import Testing
@testable import CareQueueStore

/// The outbox's rows and the delivery worker's store calls on both stores, with rows written as an
/// action's transaction writes them (`enqueueOutbox`), and the delivery lease across hosts.
@Suite("The outbox on SQLite and PostgreSQL")
struct OutboxOnBothStoresTests {
    static let refusal = "MSH|^~\\&|EHR|EAST|CareQueue||20260101120000||ACK|A1|P|2.5.1\rMSA|AE|X|unknown patient\r"

    static func store(_ kind: StoreKind, tasks: Int) throws -> (TestStore, [Int64]) {
        let store = try TestStore(kind: kind, roster: Fixture.fullRoster)
        let ids = try (1...tasks).map { try store.newTask(Fixture.task($0, .routine)) }
        return (store, ids)
    }

    static func audit(_ store: TestStore) throws -> [String] {
        try store.database.engine.read { db in
            try db.values(String.self, "SELECT action FROM audit WHERE action LIKE 'outbox.%' ORDER BY seq")
        }
    }

    @Test("held rows wait, then leave in order; each send is counted, the verdicts settled and audited, failed rows retried",
          arguments: StoreKind.available)
    func deliveryCycle(kind: StoreKind) throws {
        let (store, tasks) = try Self.store(kind, tasks: 3)
        let database = store.database
        let held = try store.enqueueOutbox(taskID: tasks[0], note: "told her", hold: 10)
        let second = try store.enqueueOutbox(.attempt, taskID: tasks[1])
        let third = try store.enqueueOutbox(taskID: tasks[2])
        let now = store.clock.now()

        let row = try #require(try database.outboxEntry(id: held))
        #expect(row.entry.deliverableAt == now + 11 && row.entry.status == .waiting && row.entry.messageType == "MDM^T02")
        #expect(row.entry.patient == "Doe, Jan" && row.entry.test == "Basic metabolic panel")
        #expect(row.message.hasPrefix("MSH|^~\\&|CareQueue|") && row.message.contains("told her"))
        #expect(row.message.contains("|\(row.entry.controlID)|P|2.5.1\r"))

        // The unheld rows are due first (deliverable now); the held one waits out its window.
        guard case .send(let first) = try database.nextOutboxDue(at: now) else {
            Issue.record("nothing due")
            return
        }
        #expect(first.id == second && first.attempts == 0)
        #expect(try database.beginOutboxSend(first.id, attempts: first.attempts, at: now))
        #expect(try database.beginOutboxSend(first.id, attempts: first.attempts, at: now) == false,
                "a send counted already is not counted again by a worker that saw the row before")
        let next = try database.recordOutboxVerdict(first.id, .delivered(code: "AA", ack: "MSA|AA|x"), at: now, retryCap: 60)
        guard case .send(let following) = next else {
            Issue.record("the next row was not taken with the verdict: \(next)")
            return
        }
        #expect(following.id == third && following.attempts == 0)
        #expect(try database.outboxEntry(id: third)?.entry.attempts == 1, "counted in the verdict's transaction")
        #expect(try database.recordOutboxVerdict(third, .retry(reason: "connection refused"), at: now, retryCap: 60)
                == .wait(until: now + 1))
        let retrying = try #require(try database.outboxEntry(id: third)?.entry)
        #expect(retrying.lastError == "connection refused" && retrying.firstFailureAt == now && retrying.nextAttemptAt == now + 1)

        store.clock.advance(by: 11)
        let later = store.clock.now()
        // The resend first (in line since its write), then the held row, counted with its verdict.
        guard case .send(let again) = try database.nextOutboxDue(at: later), again.id == third, again.attempts == 1 else {
            Issue.record("the resend is not due after its backoff")
            return
        }
        #expect(try database.beginOutboxSend(third, attempts: again.attempts, at: later))
        guard case .send(let last) = try database.recordOutboxVerdict(third, .delivered(code: "CA", ack: "MSA|CA|x"),
                                                                       at: later, retryCap: 60), last.id == held else {
            Issue.record("the held row is not due after its window")
            return
        }
        #expect(try database.recordOutboxVerdict(held, .refused(code: "AE", ack: Self.refusal, reason: "AE: unknown patient"),
                                                 at: later, retryCap: 60) == .idle)
        let failed = try #require(try database.outboxEntry(id: held)?.entry)
        #expect(failed.status == .failed && failed.ackCode == "AE" && failed.ack == Self.refusal && failed.finishedAt == later)
        #expect(try Self.audit(store) == [OutboxAudit.delivered, OutboxAudit.delivered, OutboxAudit.failed])
        let delivered = try #require(try database.outboxEntry(id: third)?.entry)
        #expect(delivered.status == .delivered && delivered.attempts == 2 && delivered.firstFailureAt == nil)

        #expect(try database.outboxCount() == 3)
        #expect(try database.outboxCount(status: .waiting) == 0)
        #expect(try database.outboxCount(status: .delivered) == 2)
        #expect(try database.outboxEntries().map(\.id) == [third, second, held])
        #expect(try database.outboxEntries(status: .delivered, limit: 5).map(\.id) == [third, second])
        #expect(try database.outboxEntries(limit: 1, offset: 1).map(\.id) == [second])
        #expect(try database.outboxEntries(forTask: tasks[1]).map(\.event) == [.attempt])
        let summary = try database.outboxSummary()
        #expect(summary.waiting == 0 && summary.failed == 1 && summary.unreachableSince == nil)
        #expect(summary.oldestWaitingAt == nil && summary.recentFailures.map(\.id) == [held])

        #expect(try database.retryOutbox(second, by: "kim", at: later) == false, "delivered")
        #expect(try database.retryOutbox(held, by: "kim", at: later))
        let retried = try #require(try database.outboxEntry(id: held)?.entry)
        #expect(retried.status == .waiting && retried.attempts == 1 && retried.ack == nil && retried.nextAttemptAt == later)
        #expect(try database.retryAllFailedOutbox(by: "kim", at: later) == 0)
        #expect(try Self.audit(store) == [OutboxAudit.delivered, OutboxAudit.delivered, OutboxAudit.failed, OutboxAudit.retried])
        let waiting = try database.outboxSummary()
        #expect(waiting.waiting == 1 && waiting.failed == 0 && waiting.oldestWaitingAt == now && waiting.recentFailures.isEmpty)
    }

    @Test("undo: unsent rows of the action are cancelled; once a send was counted, undo is refused naming the control id",
          arguments: StoreKind.available)
    func undo(kind: StoreKind) throws {
        let (store, tasks) = try Self.store(kind, tasks: 1)
        let id = try store.enqueueOutbox(taskID: tasks[0], hold: 10)
        let seq = try #require(try store.database.engine.read { db in
            try db.value(Int64.self, "SELECT audit_seq FROM outbox WHERE id = ?") { $0.add(id) }
        })
        let now = store.clock.now()
        let (refusal, cancelled) = try store.database.engine.write { db in
            (try OutboxRows.undoRefusal(actionSeq: seq, action: "close", taskID: tasks[0], db),
             try OutboxRows.cancel(actionSeq: seq, taskID: tasks[0], at: now, db))
        }
        #expect(refusal == nil && cancelled == [id])
        #expect(try store.database.outboxEntry(id: id)?.entry.status == .cancelled)
        #expect(try store.database.beginOutboxSend(id, at: now) == false, "a cancelled row is never sent")

        let sent = try store.enqueueOutbox(taskID: tasks[0])
        let sentSeq = try #require(try store.database.engine.read { db in
            try db.value(Int64.self, "SELECT audit_seq FROM outbox WHERE id = ?") { $0.add(sent) }
        })
        #expect(try store.database.beginOutboxSend(sent, at: now))
        let refused = try store.database.engine.write { db in
            try OutboxRows.undoRefusal(actionSeq: sentSeq, action: "close", taskID: tasks[0], db)
        }
        let control = try #require(try store.database.outboxEntry(id: sent)?.entry.controlID)
        #expect(refused == "your close of task \(tasks[0]) was already sent to the EHR (control id \(control) at 2026-01-01T12:00:00Z); re-open the task instead")
    }

    @Test("two hosts that found the same row due claim its send at once: one counts it, the other is refused and sends nothing",
          .enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.skipNote)))
    func racingClaims() throws {
        let (store, tasks) = try Self.store(.postgres, tasks: 20)
        // Row n may leave 10 s after row n - 1: each round has one row due.
        for (n, task) in tasks.enumerated() { try store.enqueueOutbox(taskID: task, hold: Double(n * 10 + 5)) }
        let hosts = [store.database, try StoreKind.openPostgres(try Self.url(of: store))]
        for round in 0..<tasks.count {
            let now = store.clock.now() + Double(round * 10 + 6)
            guard case .send(let row) = try hosts[round % 2].nextOutboxDue(at: now) else {
                Issue.record("round \(round): nothing due")
                return
            }
            let claimed = Mutex<[Int]>([])
            DispatchQueue.concurrentPerform(iterations: 2) { host in
                if (try? hosts[host].beginOutboxSend(row.id, attempts: row.attempts, at: now)) == true {
                    claimed.withLock { $0.append(host) }
                }
            }
            let winners = claimed.withLock { $0 }
            #expect(winners.count == 1, "round \(round): \(winners)")
            guard let winner = winners.first else { return }
            #expect(try hosts[1 - winner].beginOutboxSend(row.id, attempts: row.attempts, at: now) == false, "nor later")
            #expect(try hosts[winner].recordOutboxVerdict(row.id, .delivered(code: "AA", ack: "MSA|AA|\(row.controlID)"),
                                                          at: now, retryCap: 60) == (round + 1 < tasks.count ? .wait(until: now + 10) : .idle))
        }
        #expect(try store.database.outboxEntries(limit: 100).allSatisfy { $0.status == .delivered && $0.attempts == 1 })
        #expect(try Self.audit(store) == Array(repeating: OutboxAudit.delivered, count: tasks.count))
    }

    /// The PostgreSQL URL a `TestStore` of that kind opened (its database's, password-free).
    static func url(of store: TestStore) throws -> String {
        let name = try #require(try store.database.engine.read { db in try db.value(String.self, "SELECT current_database()") })
        return try PostgresTestServer.url(try PostgresTestServer.requireURL(), database: name)
    }

    @Test("the delivery lease: one holder across hosts; released, or its session ended, the next one takes it",
          .enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.skipNote)))
    func deliveryLease() throws {
        let url = try StoreKind.freshPostgresURL()
        let hostA = try StoreKind.openPostgres(url)
        let hostB = try StoreKind.openPostgres(url)
        let leaseA = try #require(hostA.outboxDeliveryLock())
        let leaseB = try #require(hostB.outboxDeliveryLock())
        #expect(try leaseA.tryAcquire())
        #expect(try leaseA.tryAcquire(), "held already: still held")
        #expect(try !leaseB.tryAcquire())
        #expect(try !leaseB.tryAcquire(), "asking again on its kept session")

        // The holder's session ends as a dead process's would: the server drops the lock with it.
        // pg_locks is the server's: only this test's database (other tests hold the same key in theirs).
        let ended = try PostgresTestServer.psql(url, ["-At", "-c", """
            SELECT pg_terminate_backend(pid) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND ((classid::bigint << 32) | objid::bigint) = \(OutboxSendRows.deliveryLockKey)
            """])
        #expect(ended.status == 0 && ended.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "t", "\(ended.stderr)")
        try waitUntil { try leaseB.tryAcquire() }
        #expect(try !leaseA.tryAcquire(), "the old holder finds its session gone and the lease taken")

        leaseB.release()
        #expect(try leaseA.tryAcquire(), "a released lease is free at once")
        #expect(try !leaseB.tryAcquire())
        leaseA.release()

        #expect(try StoreKind.fresh(.sqlite).outboxDeliveryLock() == nil, "SQLite's is a file beside the database")
    }

    private func waitUntil(_ condition: () throws -> Bool) throws {
        let deadline = Date() + 10
        while Date() < deadline {
            if try condition() { return }
            usleep(50_000)
        }
        Issue.record("not within 10 s")
    }

    @Test("the kill loop's snapshot: messages, task identities, audited changes with their control ids, duplicates",
          arguments: StoreKind.available)
    func killTestSnapshot(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let first = Fixture.result("C1", Fixture.order(observations: [Fixture.potassium()]))
        try store.ingest(first)
        try store.ingest(first)
        try store.ingest(Fixture.result("C2", Fixture.order(observations: [Fixture.potassium("5.9", flags: ["H"])])))
        try store.ingest(Fixture.refused("C3"))

        let snapshot = try store.database.killTestSnapshot()
        #expect(snapshot.messages.map(\.controlID) == ["C1", "C2", "C3"])
        #expect(snapshot.messages.map(\.isAccepted) == [true, true, false])
        #expect(snapshot.messages[2].reason == "PID-3 has no MRN" && snapshot.messages[0].sender == Fixture.lab)
        #expect(snapshot.tasks.count == 1)
        let task = try #require(snapshot.tasks.first)
        #expect(task.sender == Fixture.lab && task.fillerNumber == "F1" && task.placerNumber == "P1" && task.serviceCode == "BMP")
        #expect(task.latestControlID == "C2" && task.latestMessageID == snapshot.messages[1].id)
        #expect(snapshot.taskChanges == [
            KillTestSnapshot.TaskChange(taskID: task.id, action: "task.created", controlID: "C1"),
            KillTestSnapshot.TaskChange(taskID: task.id, action: "task.updated", controlID: "C2"),
        ])
        #expect(snapshot.duplicateDeliveries == 1)
    }
}
