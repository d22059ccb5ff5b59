import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore
import TestSupport

/// `[retention] closed_after` and `purge --before`: what goes, what stays, and what is never touched.
@Suite("Retention: purging closed tasks' raw messages and observation history")
struct RetentionPurgeTests {
    private let day: TimeInterval = 86_400

    /// Runs a whole purge of tasks closed before `before`, chunk after chunk.
    private func purge(_ store: TestStore, before: Date, limit: Int = CareQueueDatabase.purgeChunk,
                       dryRun: Bool = false) throws -> PurgeCounts {
        var progress = TaskPurgeProgress()
        var total = PurgeCounts()
        while !progress.done {
            total += try store.database.purgeClosedTasks(before: before, at: store.clock.now(), by: "alice", via: "test",
                                                         progress: &progress, limit: limit, dryRun: dryRun)
        }
        return total
    }

    private func close(_ store: TestStore, _ id: Int64) throws {
        try store.act(.close(.reached, note: "told the patient"), id)
    }

    private func rawLength(_ store: TestStore, ofTask id: Int64) throws -> Int {
        try store.count("SELECT length(m.raw) FROM messages m JOIN tasks t ON t.latest_message_id = m.id WHERE t.id = \(id)")
    }

    @Test("the boundary: closed before DATE goes; closed at DATE or one second after stays")
    func boundary() throws {
        let store = try TestStore.lifecycle()
        let ids = try (1...3).map { try store.newTask(Fixture.task($0, .routine)) }
        let date = Fixture.start.addingTimeInterval(day)
        for (offset, id) in zip([-1.0, 0, 1], ids) {
            store.clock.instant = date.addingTimeInterval(offset)
            try close(store, id)
        }
        store.clock.instant = date.addingTimeInterval(10 * day)

        let counts = try purge(store, before: date)

        #expect(counts.tasks == 1)
        #expect(counts.messages == 1)
        #expect(try rawLength(store, ofTask: ids[0]) == 0)
        #expect(try rawLength(store, ofTask: ids[1]) > 0)
        #expect(try rawLength(store, ofTask: ids[2]) > 0)
        // The summary stays: the task lists, with the value it closed on.
        let task = try store.task(ids[0])
        #expect(task.status == .closed)
        #expect(task.observations.map(\.value) == ["4.1"])
    }

    @Test("superseded observations go, current ones stay; counts; a second purge finds nothing and audits nothing")
    func historyAndIdempotence() throws {
        let store = try TestStore.lifecycle()
        let id = try store.newTask(Fixture.task(1, .routine, status: "P"))
        #expect(try store.newTask(Fixture.task(1, .routine, status: "F")) == id)
        let preliminaryRaw = try store.count("SELECT length(raw) FROM messages WHERE control_id = 'C1-P'")
        let finalRaw = try store.count("SELECT length(raw) FROM messages WHERE control_id = 'C1-F'")
        try close(store, id)
        #expect(try store.count("SELECT count(*) FROM observations WHERE task_id = \(id) AND is_current = 0") == 1)
        store.clock.advance(by: 2 * day)
        let auditBefore = try store.count("SELECT count(*) FROM audit")

        let dry = try purge(store, before: store.clock.now(), dryRun: true)
        #expect(dry == PurgeCounts(tasks: 1, messages: 2, bytes: Int64(preliminaryRaw + finalRaw), observations: 1))
        #expect(try store.count("SELECT count(*) FROM audit") == auditBefore, "a dry run writes nothing")

        let counts = try purge(store, before: store.clock.now())

        #expect(counts == dry)
        #expect(try store.count("SELECT count(*) FROM observations WHERE task_id = \(id) AND is_current = 0") == 0)
        #expect(try store.count("SELECT count(*) FROM observations WHERE task_id = \(id) AND is_current = 1") == 1)
        #expect(try store.count("SELECT count(*) FROM messages WHERE raw_purged_at IS NOT NULL AND length(raw) = 0") == 2)
        #expect(try store.count("SELECT sum(raw_purged_bytes) FROM messages") == preliminaryRaw + finalRaw)
        let row = try #require(try store.database.auditRecords().last)
        #expect(row.action == "purge")
        let details = AuditDetails(row.details)
        #expect(details.string("tasks") == "1")
        #expect(details.string("messages") == "2")
        #expect(details.string("observations") == "1")
        #expect(details.string("bytes") == String(preliminaryRaw + finalRaw))
        #expect(details.string("via") == "test")
        #expect(!row.details.contains("MRN1") && !row.details.contains("Doe"), "no patient data in the purge row")
        let auditAfter = try store.count("SELECT count(*) FROM audit")

        #expect(try purge(store, before: store.clock.now()) == PurgeCounts())
        #expect(try store.count("SELECT count(*) FROM audit") == auditAfter)
        #expect(try store.count("SELECT count(*) FROM pragma_foreign_key_check") == 0, "no row breaks a foreign key")
    }

    @Test("tasks show says when the raw message was purged")
    func story() throws {
        let store = try TestStore.lifecycle()
        let id = try store.newTask(Fixture.task(1, .critical))
        try close(store, id)
        store.clock.advance(by: day)
        _ = try purge(store, before: store.clock.now())

        let story = try #require(try store.database.taskStory(id: id))
        let purge = try #require(story.purge)
        #expect(purge.rawPurgedAt == store.clock.now())
        #expect(purge.text(time: Timestamp.iso).hasPrefix("raw message ("))
        #expect(purge.text(time: Timestamp.iso).contains("and superseded observations purged \(Timestamp.iso(store.clock.now()))"))
        #expect(story.task.observations.count == 1)
    }

    @Test("open tasks, a message another open task shares, an undelivered outbox row and an awaiting order keep their bytes")
    func untouched() throws {
        let store = try TestStore.lifecycle()
        let open = try store.newTask(Fixture.task(1, .routine))
        // One message, two patients' orders: two tasks; only one is closed.
        let shared = try store.taskIDs(Fixture.item(Fixture.message("SHARED", [
            (Fixture.patient("MRN2"), [Fixture.order(filler: "F2", placer: "P2", observations: [Fixture.potassium()])]),
            (Fixture.patient("MRN3"), [Fixture.order(filler: "F3", placer: "P3", observations: [Fixture.potassium()])]),
        ])))
        #expect(shared.count == 2)
        try close(store, shared[0])
        let withOutbox = try store.newTask(Fixture.task(4, .routine))
        try close(store, withOutbox)
        try store.execute("""
            INSERT INTO outbox (task_id, event, audit_seq, control_id, message_type, message, status, created_at,
                                deliverable_at, next_attempt_at, finished_at)
                VALUES (\(withOutbox), 'close', 1, 'OUT1', 'MDM^T02', 'MSH|', 'failed', '2026-01-01T12:00:00Z',
                        '2026-01-01T12:00:00Z', '2026-01-01T12:00:00Z', '2026-01-01T12:00:00Z')
            """)
        let ordered = try store.newTask(Fixture.task(5, .routine))
        try close(store, ordered)
        try store.execute("""
            INSERT INTO orders (kind, sending_application, sending_facility, patient_mrn, patient_family, patient_given,
                                placer_number, service_code, service_text, ordered_at, state, first_message_id,
                                latest_message_id, created_at, updated_at)
                SELECT 'order', 'LAB', 'MAIN', 'MRN5', 'Doe', 'Jan', 'P5-AGAIN', 'BMP', 'BMP', '2026-01-01T12:00:00Z',
                       'ordered', latest_message_id, latest_message_id, '2026-01-01T12:00:00Z', '2026-01-01T12:00:00Z'
                FROM tasks WHERE id = \(ordered)
            """)
        store.clock.advance(by: day)

        let counts = try purge(store, before: store.clock.now())

        // The shared message's closed task and the ordered one's task are purged (their history),
        // the outbox one is not looked at; no message loses its bytes.
        #expect(counts.messages == 0)
        #expect(counts.tasks == 2)
        for id in [open, shared[0], shared[1], withOutbox, ordered] {
            #expect(try rawLength(store, ofTask: id) > 0, "task \(id)")
        }
        let story = try #require(try store.database.taskStory(id: shared[0]))
        #expect(story.purge?.rawPurgedAt == nil)
        #expect(story.purge?.text(time: Timestamp.iso).contains("the raw message is kept") == true)

        // Once the other task closes, the shared message goes with it.
        try close(store, shared[1])
        store.clock.advance(by: day)
        let later = try purge(store, before: store.clock.now())
        #expect(later.tasks == 1)
        #expect(later.messages == 1)
        #expect(try rawLength(store, ofTask: shared[0]) == 0)
    }

    @Test("refused messages on the review list keep their bytes")
    func reviewList() throws {
        let store = try TestStore.lifecycle()
        _ = try store.ingest(Fixture.refused("BAD1"))
        let id = try store.newTask(Fixture.task(1, .routine))
        try close(store, id)
        store.clock.advance(by: day)
        _ = try purge(store, before: store.clock.now())
        #expect(try store.count("SELECT length(raw) FROM messages WHERE control_id = 'BAD1'") > 0)
    }

    @Test("a resend of a purged message is still a duplicate, not a reuse of its control id")
    func resendAfterPurge() throws {
        let store = try TestStore.lifecycle()
        let item = Fixture.task(1, .routine)
        let id = try store.newTask(item)
        try close(store, id)
        store.clock.advance(by: day)
        #expect(try purge(store, before: store.clock.now()).messages == 1)

        #expect(try store.ingest(item) == .duplicate)
        var changed = Fixture.task(1, .routine)
        changed.raw += Array("OBX|1|NM|X\r".utf8)
        guard case .refused = try store.ingest(changed) else {
            Issue.record("a different message under the purged one's control id must still be refused")
            return
        }
    }

    @Test("chunks: 5 tasks, 2 per transaction, one purge row per chunk that removed something")
    func chunks() throws {
        let store = try TestStore.lifecycle()
        for n in 1...5 { try close(store, try store.newTask(Fixture.task(n, .routine))) }
        store.clock.advance(by: day)
        let counts = try purge(store, before: store.clock.now(), limit: 2)
        #expect(counts.tasks == 5)
        #expect(counts.messages == 5)
        #expect(try store.count("SELECT count(*) FROM audit WHERE action = 'purge'") == 3)
        #expect(try store.count("SELECT count(*) FROM purged_tasks") == 5)
    }
}
