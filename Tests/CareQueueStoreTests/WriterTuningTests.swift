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
        let store = try TestStore()
        // Fails after the message row is written: without a rollback that row would stay.
        try store.execute("""
            CREATE TRIGGER refuse_task BEFORE INSERT ON tasks WHEN NEW.filler_number = 'F2'
                BEGIN SELECT RAISE(ABORT, 'test refuses this task'); END;
            """)

        let failed = store.writer.ingestNow(Fixture.result("C2", order(2)))

        #expect(failed == .failure(.database(.constraint("test refuses this task"))))
        #expect(try store.count("SELECT COUNT(*) FROM messages") == 0)
        #expect(try store.count("SELECT COUNT(*) FROM audit") == 0)
        #expect((try? store.writer.ingestNow(Fixture.result("C3", order(3))).get()) != nil)
        #expect(try store.count("SELECT COUNT(*) FROM messages") == 1)
        #expect(store.writer.statistics.failedCommits == 0, "the transaction itself worked: the item failed alone")
    }
}
