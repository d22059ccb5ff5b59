import CareQueueCore
import Foundation
import Synchronization
import StoreFixtures
import TestSupport
import Testing
@testable import CareQueueStore

/// What PostgreSQL writes in fewer statements (several rows or ids in one, a message and its queue
/// row in one, a group of one without a savepoint) it writes exactly as SQLite does row by row; and
/// with its chunks derived beside the writer, `drain` still waits for every task.
@Suite("Fewer round trips on SQLite and PostgreSQL")
struct RoundTripBatchingTests {
    @Test("a task with more observations than one INSERT holds keeps them all; a correction retires them all",
          arguments: StoreKind.available)
    func observationsBeyondOneBatch(kind: StoreKind) throws {
        let count = TaskRows.observationsPerStatement + 7
        #expect(count > TaskRows.retiredPerStatement)
        let store = try TestStore(kind: kind)
        let first = (0..<count).map { Fixture.potassium("\($0)") }
        let corrected = (0..<count).map { Fixture.potassium("\($0 + 10_000)", status: "C") }
        let firstIDs = try store.taskIDs(Fixture.result("C1", Fixture.order(observations: first)))
        let correctedIDs = try store.taskIDs(Fixture.result("C2", Fixture.order(status: "C", observations: corrected)))

        #expect(firstIDs.count == 1 && correctedIDs == firstIDs)
        #expect(try store.count("SELECT count(*) FROM observations") == 2 * count)
        #expect(try store.count("SELECT count(*) FROM observations WHERE is_current = 1") == count)
        #expect(try store.count("SELECT count(DISTINCT position) FROM observations") == count)
        #expect(try store.count("""
            SELECT count(*) FROM observations o JOIN messages m ON m.id = o.retired_by_message_id
            WHERE o.is_current = 0 AND m.control_id = 'C2'
            """) == count)
        // Every value in its place: the k-th OBX of each message at the k-th position (a correction keeps it).
        let current = try store.database.engine.read { db in
            try db.values(String.self, "SELECT value FROM observations WHERE is_current = 1 ORDER BY position")
        }
        #expect(current == (0..<count).map { "\($0 + 10_000)" })
        let retired = try store.database.engine.read { db in
            try db.values(String.self, "SELECT value FROM observations WHERE is_current = 0 ORDER BY position")
        }
        #expect(retired == (0..<count).map { "\($0)" })
    }

    @Test("a group of one the database refuses is answered with the error, stores nothing, and the next commits",
          arguments: StoreKind.available)
    func loneItemRefused(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        switch kind {
        case .sqlite:
            try store.execute("""
                CREATE TRIGGER refuse_bad BEFORE INSERT ON messages WHEN NEW.control_id = 'BAD'
                    BEGIN SELECT RAISE(ABORT, 'test refuses this message'); END;
                """)
        case .postgres:
            try store.execute("""
                CREATE FUNCTION refuse_bad() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.control_id = 'BAD' THEN RAISE EXCEPTION 'test refuses this message'; END IF;
                    RETURN NEW;
                END $$;
                CREATE TRIGGER refuse_bad BEFORE INSERT ON messages FOR EACH ROW EXECUTE FUNCTION refuse_bad();
                """)
        }
        // One task per message (its own order numbers).
        func result(_ controlID: String) -> IngestItem {
            Fixture.result(controlID, Fixture.order(filler: "F" + controlID, placer: "P" + controlID, observations: [Fixture.potassium()]))
        }

        let bad = store.writer.ingestNow(result("BAD"))
        let good = store.writer.ingestNow(result("C2"))
        let group = store.writer.ingestTogether([result("C3"), result("BAD"), result("C4")])

        #expect(bad == .failure(.database(.constraint("test refuses this message"))))
        #expect((try? good.get()) != nil)
        #expect(group[1] == .failure(.database(.constraint("test refuses this message"))))
        #expect((try? group[0].get()) != nil && (try? group[2].get()) != nil)
        #expect(try store.count("SELECT count(*) FROM messages") == 3)
        #expect(try store.count("SELECT count(*) FROM messages WHERE control_id = 'BAD'") == 0)
        #expect(try store.count("SELECT count(*) FROM tasks") == 3)
        #expect(try store.count("SELECT count(*) FROM observations") == 3)
        if kind == .postgres {
            #expect(try store.count("SELECT count(*) FROM derivation_queue") == 0)
            #expect(try store.count("SELECT derived_through FROM derivation_mark") == store.count("SELECT max(id) FROM messages"))
        }
    }

    @Test("drain waits for the tasks of everything stored before it while senders keep the writer busy",
          arguments: StoreKind.available)
    func drainWhileStoring(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let writer = store.writer
        let database = store.database
        let missing = Atomic<Int>(0)
        // Each sender's ingestNow drains: its task must be there, though chunks begun before its
        // commit (PostgreSQL: beside the writer) may still be running for the others.
        DispatchQueue.concurrentPerform(iterations: 4) { sender in
            for n in 0..<25 {
                let number = "\(sender)-\(n)"
                let item = Fixture.result("D" + number, Fixture.order(filler: "F" + number, placer: "P" + number,
                                                                      observations: [Fixture.potassium()]))
                guard case .success(.accepted(let id)) = writer.ingestNow(item),
                      let tasks = try? database.engine.read({ db in
                          try db.value(Int.self, "SELECT count(*) FROM tasks WHERE latest_message_id = ?") { $0.add(id) }
                      }), tasks == 1 else {
                    missing.add(1, ordering: .relaxed)
                    continue
                }
            }
        }
        #expect(missing.load(ordering: .relaxed) == 0)
        #expect(try store.count("SELECT count(*) FROM tasks") == 100)
        #expect(writer.statistics.messagesDerived == 100)
    }
}
