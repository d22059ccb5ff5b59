import CareQueueCore
import Foundation
import GRDB
import Synchronization
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("The group-commit writer")
struct WriterTests {
    private func order(_ n: Int) -> OrderResult {
        Fixture.order(filler: "F\(n)", placer: "P\(n)", observations: [Fixture.potassium()])
    }

    @Test("8 threads × 500 concurrent submits: each completes once, is stored once, and groups form")
    func concurrentSubmits() throws {
        let store = try TestStore()
        let threads = 8, perThread = 500, total = threads * perThread
        let completions = Mutex([Int: Int]())
        let failures = Mutex(0)
        let allDone = DispatchSemaphore(value: 0)
        let remaining = Atomic(total)
        let writer = store.writer

        DispatchQueue.concurrentPerform(iterations: threads) { thread in
            for index in 0..<perThread {
                let n = thread * perThread + index
                writer.submit(Fixture.result("C\(n)", order(n))) { result in
                    completions.withLock { $0[n, default: 0] += 1 }
                    if case .failure = result { failures.withLock { $0 += 1 } }
                    if remaining.subtract(1, ordering: .relaxed).newValue == 0 { allDone.signal() }
                }
            }
        }
        allDone.wait()
        writer.drain()

        let counts = completions.withLock { $0 }
        #expect(counts.count == total)
        #expect(counts.values.allSatisfy { $0 == 1 })
        #expect(failures.withLock { $0 } == 0)
        #expect(try store.count("SELECT COUNT(*) FROM messages") == total)
        #expect(try store.count("SELECT COUNT(DISTINCT control_id) FROM messages") == total)
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == total)
        let statistics = writer.statistics
        #expect(statistics.itemsCommitted == total)
        #expect(statistics.largestGroup > 1)
        #expect(statistics.commits < total)
    }

    @Test("a failed COMMIT fails every item of the group and writes nothing")
    func failedCommit() throws {
        let store = try TestStore()
        // A deferred foreign key is only checked at COMMIT, so this makes COMMIT itself fail for any
        // group holding message POISON.
        try store.execute("""
            CREATE TABLE poison (message_id INTEGER REFERENCES messages(id) DEFERRABLE INITIALLY DEFERRED);
            CREATE TRIGGER poison_commit AFTER INSERT ON messages WHEN NEW.control_id = 'POISON'
                BEGIN INSERT INTO poison VALUES (-1); END;
            """)
        let items = [Fixture.result("C1", order(1)), Fixture.result("POISON", order(2)), Fixture.refused("C3")]

        let results = store.writer.ingestTogether(items)

        #expect(results.count == 3)
        for result in results {
            guard case .failure(.database(.constraint)) = result else {
                Issue.record("expected a constraint failure, got \(result)")
                continue
            }
        }
        for table in ["messages", "tasks", "observations", "audit", "poison"] {
            #expect(try store.count("SELECT COUNT(*) FROM \(table)") == 0, "\(table) is empty")
        }
        #expect(store.writer.statistics.failedCommits == 1)
        #expect(store.writer.statistics.commits == 0)

        // The writer carries on with the next group.
        #expect(try store.taskIDs(Fixture.result("C1", order(1))).count == 1)
    }

    @Test("one bad item fails alone; the rest of its group commits")
    func badItemFailsAlone() throws {
        let store = try TestStore()
        try store.execute("""
            CREATE TRIGGER refuse_bad BEFORE INSERT ON messages WHEN NEW.control_id = 'BAD'
                BEGIN SELECT RAISE(ABORT, 'test refuses this message'); END;
            """)

        let results = store.writer.ingestTogether([Fixture.result("C1", order(1)), Fixture.result("BAD", order(2)),
                                                   Fixture.result("C3", order(3))])

        #expect((try? results[0].get()) != nil)
        #expect(results[1] == .failure(.database(.constraint("test refuses this message"))))
        #expect((try? results[2].get()) != nil)
        #expect(try store.count("SELECT COUNT(*) FROM messages") == 2)
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 2)
        #expect(try store.count("SELECT COUNT(*) FROM tasks WHERE filler_number = 'F2'") == 0)
        #expect(store.writer.statistics.commits == 1)
        #expect(store.writer.statistics.largestGroup == 3)
    }

    @Test("a full disk fails the items and leaves nothing half-written")
    func diskFull() throws {
        let store = try TestStore()
        let pages = try store.count("PRAGMA page_count")
        try store.database.pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA max_page_count = \(pages)")
        }
        // Each raw message needs pages of its own, so none of them fits.
        let items = (0..<3).map { index in
            IngestItem(raw: [UInt8](repeating: 0x41, count: 64 * 1024), peer: "p", sender: Fixture.lab,
                       controlID: "C\(index)", receivedAt: Fixture.start,
                       content: .result(Fixture.message("C\(index)", [(Fixture.patient(), [order(index)])])))
        }

        let results = store.writer.ingestTogether(items)

        let full = Result<IngestOutcome, StoreFailure>.failure(.database(.diskFull(path: store.path)))
        #expect(results == [full, full, full])
        #expect(try store.count("SELECT COUNT(*) FROM messages") == 0)
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 0)
        #expect(try store.count("SELECT COUNT(*) FROM audit") == 0)
    }

    @Test("a database locked by another process fails the group with .locked; the next group commits")
    func locked() throws {
        let store = try TestStore(busyTimeout: 0.05)
        var holder = Configuration()
        holder.allowsUnsafeTransactions = true // this connection plays another process holding the write lock
        let other = try DatabaseQueue(path: store.path, configuration: holder)
        try other.inDatabase { db in try db.execute(sql: "BEGIN IMMEDIATE") }

        let blocked = store.writer.ingestTogether([Fixture.result("C1", order(1)), Fixture.refused("C2")])
        try other.inDatabase { db in try db.execute(sql: "ROLLBACK") }
        let retried = store.writer.ingestNow(Fixture.result("C1", order(1)))

        let locked = Result<IngestOutcome, StoreFailure>.failure(.database(.locked(path: store.path)))
        #expect(blocked == [locked, locked])
        #expect((try? retried.get()) != nil)
        #expect(try store.count("SELECT COUNT(*) FROM messages") == 1)
    }

    @Test("completions run only after the group is readable by other connections")
    func completionAfterCommit() throws {
        let store = try TestStore()
        let seen = Mutex<Int?>(nil)
        let done = DispatchSemaphore(value: 0)
        let database = store.database

        store.writer.submit(Fixture.result("C1", order(1))) { _ in
            seen.withLock { $0 = try? database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages") } }
            done.signal()
        }
        done.wait()

        #expect(seen.withLock { $0 } == 1)
        // The task is derived after the ACK's commit; drain waits for it.
        store.writer.drain()
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 1)
    }

    @Test("persistence off completes at once and writes nothing")
    func persistenceOff() throws {
        let store = try TestStore(persistence: .off)

        let accepted = store.writer.ingestNow(Fixture.result("C1", order(1)))
        let refused = store.writer.ingestNow(Fixture.refused("C2"))

        #expect(accepted == .success(.accepted(messageID: 0)))
        guard case .success(.refused) = refused else { Issue.record("\(refused)"); return }
        #expect(try store.count("SELECT COUNT(*) FROM messages") == 0)
        #expect(store.writer.statistics.commits == 0)
    }

    @Test("close completes what was queued; later submits fail with writerClosed")
    func closeDrains() throws {
        let store = try TestStore()
        let completed = Atomic(0)
        for n in 0..<50 {
            store.writer.submit(Fixture.result("C\(n)", order(n))) { result in
                if case .success = result { completed.add(1, ordering: .relaxed) }
            }
        }

        store.writer.close()

        #expect(completed.load(ordering: .relaxed) == 50)
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 50)
        #expect(store.writer.ingestNow(Fixture.result("late", order(99))) == .failure(.writerClosed))
        store.writer.close() // a second close returns at once
    }

    @Test("drain waits for everything submitted before it")
    func drainWaits() throws {
        let store = try TestStore()
        let completed = Atomic(0)
        for n in 0..<20 {
            store.writer.submit(Fixture.result("C\(n)", order(n))) { _ in completed.add(1, ordering: .relaxed) }
        }

        store.writer.drain()

        #expect(completed.load(ordering: .relaxed) == 20)
    }
}
