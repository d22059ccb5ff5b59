import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation
import StoreFixtures
import Synchronization
import Testing

@Suite("The dashboard's access-audit recorder")
struct AccessAuditRecorderTests {
    /// A store stand-in that keeps each batch it was given, failing the first `failures` writes.
    final class Batches: Sendable {
        private let state: Mutex<(batches: [[AccessAuditEntry]], failures: Int)>

        init(failures: Int = 0) { state = Mutex(([], failures)) }

        func write(_ entries: [AccessAuditEntry]) throws {
            try state.withLock { state in
                if state.failures > 0 {
                    state.failures -= 1
                    throw StoreError.locked(path: "test.sqlite")
                }
                state.batches.append(entries)
            }
        }

        var batches: [[AccessAuditEntry]] { state.withLock { $0.batches } }
        var entries: [AccessAuditEntry] { batches.flatMap { $0 } }
    }

    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("200 views are written in a handful of transactions, in order, every one of them")
    func batches() {
        let store = Batches()
        let recorder = AccessAuditRecorder(user: "kim", terminal: "/dev/pts/4", flushInterval: 60, batchSize: 50,
                                           write: store.write)
        recorder.start()
        for n in 0..<200 {
            recorder.record(.taskViewed(taskID: Int64(n)), at: Self.start + Double(n))
        }
        recorder.finish()

        #expect(store.entries.map(\.taskID) == (0..<200).map { Int64($0) })
        #expect((1...5).contains(store.batches.count), "\(store.batches.map(\.count))")
        #expect(store.entries.allSatisfy { $0.user == "kim" && $0.details["terminal"] == "/dev/pts/4" })
    }

    @Test("nothing is written while the person works unless the batch fills or the interval passes; finish writes the rest")
    func flushesAtFinish() {
        let store = Batches()
        let recorder = AccessAuditRecorder(user: "kim", terminal: "none", flushInterval: 60, batchSize: 50, write: store.write)
        recorder.start()
        recorder.record(.dashboardStarted(mode: "worklist"), at: Self.start)
        recorder.record(.taskViewed(taskID: 1), at: Self.start + 1)
        recorder.record(.dashboardEnded, at: Self.start + 2)
        #expect(store.batches.isEmpty)

        recorder.finish()

        #expect(store.batches.map { $0.map(\.action) } == [["dashboard.started", "task.viewed", "dashboard.ended"]])
        recorder.finish()
        #expect(store.batches.count == 1)
    }

    @Test("the interval writes what is queued without waiting for a full batch")
    func interval() throws {
        let store = Batches()
        let recorder = AccessAuditRecorder(user: "kim", terminal: "none", flushInterval: 0.05, batchSize: 50, write: store.write)
        recorder.start()
        defer { recorder.finish() }
        recorder.record(.taskViewed(taskID: 1), at: Self.start)

        let deadline = Date() + 5
        while store.batches.isEmpty, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(store.entries.map(\.taskID) == [1])
    }

    @Test("a write that fails (the database locked) keeps its events for the next try, in order")
    func retries() {
        let store = Batches(failures: 2)
        let recorder = AccessAuditRecorder(user: "kim", terminal: "none", flushInterval: 0.02, batchSize: 50, write: store.write)
        recorder.start()
        recorder.record(.taskViewed(taskID: 1), at: Self.start)
        let deadline = Date() + 5
        while store.batches.isEmpty, Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        recorder.record(.taskViewed(taskID: 2), at: Self.start + 1)
        recorder.finish()

        #expect(store.entries.map(\.taskID) == [1, 2])
    }

    @Test("recording on the UI thread only queues: it never waits for the store")
    func neverBlocks() {
        let gate = DispatchSemaphore(value: 0)
        let written = Mutex(0)
        let recorder = AccessAuditRecorder(user: "kim", terminal: "none", flushInterval: 0.01, batchSize: 1) { entries in
            gate.wait()  // the store hangs until the test lets it go
            written.withLock { $0 += entries.count }
        }
        recorder.start()
        for n in 0..<1_000 { recorder.record(.taskViewed(taskID: Int64(n)), at: Self.start) }
        // All 1,000 were recorded while the first write still hangs.
        #expect(written.withLock { $0 } == 0)
        gate.signal()
        gate.signal()
        recorder.finish()
        #expect(written.withLock { $0 } == 1_000)
    }

    @Test("into a real store: one row per event, with the label, the account and the terminal", arguments: StoreKind.available)
    func store(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .routine))
        let recorder = AccessAuditRecorder(database: store.database, user: "kim", terminal: "/dev/pts/9")
        recorder.start()
        recorder.record(.dashboardStarted(mode: "board"), at: Fixture.start)
        recorder.record(.taskViewed(taskID: id), at: Fixture.start + 1)
        recorder.record(.dashboardEnded, at: Fixture.start + 2)
        recorder.finish()

        let rows = try store.database.auditRecords(AuditFilter()).filter { AccessAuditEntry.actions.contains($0.action) }
        #expect(rows.map(\.action) == ["dashboard.started", "task.viewed", "dashboard.ended"])
        #expect(rows.allSatisfy { $0.user == "kim" && $0.osUser == Fixture.account })
        #expect(rows.allSatisfy { AuditDetails($0.details).string("terminal") == "/dev/pts/9" })
        #expect(AuditDetails(rows[0].details).string("mode") == "board")
        #expect(rows[1].taskID == id)
        let count = try store.count("SELECT COUNT(*) FROM audit")
        #expect(try store.verify() == .intact(rows: count, keyed: false))
    }
}
