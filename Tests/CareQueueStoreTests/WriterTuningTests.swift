import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("The writer's tuning: no temp files, no savepoint for one item")
struct WriterTuningTests {
    private func order(_ n: Int) -> OrderResult {
        Fixture.order(filler: "F\(n)", placer: "P\(n)", observations: [Fixture.potassium()])
    }

    @Test("every connection keeps temporary data in memory (Debian's SQLite would use /var/tmp)")
    func tempStoreInMemory() throws {
        let store = try TestStore()
        #expect(try store.database.pool.read { db in try Int.fetchOne(db, sql: "PRAGMA temp_store") } == 2)
        #expect(try store.database.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA temp_store") } == 2)
    }

    @Test("a group of one that fails half-way writes nothing, not even the message row; the next commits")
    func aloneRollsBack() throws {
        var config = CareQueueConfig()
        config.listener.reusedControlID = .accept
        let store = try TestStore(config: config)
        try store.ingest(Fixture.result("C1", order(1)))
        // A reused control id writes the message row, then its audit row: failing the second must take back the first.
        try store.execute("""
            CREATE TRIGGER refuse_reuse BEFORE INSERT ON audit WHEN NEW.action = 'message.control_id_reused'
                BEGIN SELECT RAISE(ABORT, 'test refuses this audit row'); END;
            """)
        let audited = try store.count("SELECT COUNT(*) FROM audit")

        var reused = Fixture.result("C1", order(2))
        reused.raw += Array("PID|1||OTHER\r".utf8)
        let failed = store.writer.ingestNow(reused)

        #expect(failed == .failure(.database(.constraint("test refuses this audit row"))))
        #expect(try store.count("SELECT COUNT(*) FROM messages") == 1)
        #expect(try store.count("SELECT COUNT(*) FROM audit") == audited)
        #expect((try? store.writer.ingestNow(Fixture.result("C3", order(3))).get()) != nil)
        #expect(try store.count("SELECT COUNT(*) FROM messages") == 2)
        #expect(store.writer.statistics.failedCommits == 0, "the transaction itself worked: the item failed alone")
    }

    @Test("past 1,000 WAL frames a thread of its own checkpoints, copying the WAL into the database")
    func checkpointsOffCommits() throws {
        let store = try TestStore()
        try store.execute("CREATE TABLE filler (bytes BLOB)")
        let size = { (try? FileManager.default.attributesOfItem(atPath: store.path)[.size] as? Int) ?? 0 }
        let before = size()
        for _ in 0..<1_100 {
            try store.database.pool.write { db in
                try db.execute(sql: "INSERT INTO filler VALUES (zeroblob(3000))")
            }
        }

        let deadline = ContinuousClock.now + .seconds(10)
        while store.database.checkpoints.completed.load(ordering: .relaxed) == 0 || size() < before + 1_000 * 3_000,
              ContinuousClock.now < deadline {
            usleep(10_000)
        }
        #expect(store.database.checkpoints.completed.load(ordering: .relaxed) >= 1)
        #expect(size() >= before + 1_000 * 3_000, "the checkpoint copied the filler into the database file")
    }
}
