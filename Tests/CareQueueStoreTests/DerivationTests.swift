import CareQueueCore
import Dispatch
import Foundation
import GRDB
import StoreFixtures
import Synchronization
import TestSupport
import Testing
@testable import CareQueueStore

/// Log-first ingest: the ACK's transaction stores the message; its tasks are derived after it.
@Suite("Deriving tasks from stored messages")
struct DerivationTests {
    private func order(_ n: Int) -> OrderResult {
        Fixture.order(filler: "F\(n)", placer: "P\(n)", observations: [Fixture.potassium()])
    }

    /// A real ORU^R01 (a critical potassium for Dr A), as a lab would send it.
    private static func potassiumORU(_ controlID: String, processingID: String = "P") -> [UInt8] {
        Array([
            "MSH|^~\\&|LAB|MAIN|CAREQUEUE|CLINIC|20260101115900||ORU^R01|\(controlID)|\(processingID)|2.5.1",
            "PID|1||MRN\(controlID)^^^HOSP^MR||Doe^Jane||19700101|F",
            "ORC|RE|PL-\(controlID)|FL-\(controlID)|||||||||\(Fixture.drA)^A^Dr^^^^MD^^^^^^NPI",
            "OBR|1|PL-\(controlID)|FL-\(controlID)|2823-3^Potassium^LN|||202601011100|||||||||\(Fixture.drA)^A^Dr||||||202601011150|||F",
            "OBX|1|NM|2823-3^Potassium^LN||6.8|mmol/L|3.5-5.1|HH|||F",
        ].joined(separator: "\r").utf8)
    }

    /// Rows as a listener killed between its ACK and the derivation leaves them: stored, acknowledged, behind the mark.
    private func storeWithoutDeriving(_ raws: [(controlID: String, raw: [UInt8])], receivedAt: String,
                                      in store: TestStore) throws {
        store.writer.close() // the killed listener's writer: it must not derive them
        try store.database.pool.write { db in
            for (controlID, raw) in raws {
                try db.execute(sql: """
                    INSERT INTO messages (received_at, peer, sending_application, sending_facility, control_id, version, raw, ack_code)
                    VALUES (?, '10.0.0.9:4000', 'LAB', 'MAIN', ?, '2.5.1', ?, 'AA')
                    """, arguments: [receivedAt, controlID, Data(raw)])
            }
        }
    }

    @Test("the ACK's commit stores the message; drain waits for its task")
    func ackThenTask() throws {
        let store = try TestStore()
        let outcome = store.writer.ingestNow(Fixture.result("C1", order(1)))

        guard case .success(.accepted(let messageID)) = outcome else { Issue.record("\(outcome)"); return }
        #expect(try store.count("SELECT latest_message_id FROM tasks") == Int(messageID))
        #expect(try store.count("SELECT derived_through FROM derivation_mark") == Int(messageID))
        #expect(store.writer.statistics.messagesDerived == 1)
        #expect(store.writer.statistics.backlog == 0)
    }

    @Test("messages acknowledged but never derived (a crash in between) are derived from their bytes at the next start")
    func derivedAfterRestart() throws {
        let store = try TestStore()
        try storeWithoutDeriving([("K1", Self.potassiumORU("K1")), ("K2", Self.potassiumORU("K2"))],
                                 receivedAt: "2026-01-01T11:59:30Z", in: store)
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 0)

        let restarted = StoreWriter(database: store.database, config: CareQueueConfig(), timeSource: store.clock)
        // Reported when the caller asks (after the listener's first line), not by the writer thread.
        let log = LogCapture()
        restarted.reportRecovery(logger: log.logger(level: .info))
        restarted.drain()
        restarted.close()

        #expect(log.all.map { $0.text.trimmingCharacters(in: .whitespaces) } == ["2 stored messages were not derived into tasks yet (the last run stopped first): deriving them now"])
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 2)
        #expect(try store.string("SELECT group_concat(urgency || ' ' || assigned_npi, ',') FROM tasks") ==
            "critical \(Fixture.drA),critical \(Fixture.drA)")
        // The clock started when the result was acknowledged, not when the restarted writer got to it.
        #expect(try store.string("SELECT DISTINCT clock_started_at FROM tasks") == "2026-01-01T11:59:30Z")
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'task.created'") == 2)
        #expect(try store.database.reviewCount() == 0)
    }

    @Test("a stored message that no longer reads as a result goes to the review list with the reason, not lost")
    func unreadableOnRestart() throws {
        let store = try TestStore()
        try storeWithoutDeriving([("T1", Self.potassiumORU("T1", processingID: "T")), ("K3", Self.potassiumORU("K3"))],
                                 receivedAt: "2026-01-01T11:59:30Z", in: store)

        let restarted = StoreWriter(database: store.database, config: CareQueueConfig(), timeSource: store.clock)
        restarted.drain()
        restarted.close()

        let review = try store.database.reviewList()
        #expect(review.map(\.controlID) == ["T1"])
        #expect(review.first?.ackCode == "AA")
        #expect(review.first?.reason.contains("processing id \"T\" is not accepted here") == true)
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 1, "the next message is derived all the same")
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'message.derivation_failed'") == 1)
        #expect(restarted.statistics.derivationFailures == 1)
    }

    @Test("a message whose task the database refuses is still acknowledged, goes to review, and the rest derive")
    func refusedTaskGoesToReview() throws {
        let store = try TestStore()
        try store.execute("""
            CREATE TRIGGER refuse_task BEFORE INSERT ON tasks WHEN NEW.filler_number = 'F2'
                BEGIN SELECT RAISE(ABORT, 'test refuses this task'); END;
            """)

        let results = store.writer.ingestTogether([1, 2, 3].map { Fixture.result("C\($0)", order($0)) })

        #expect(results.allSatisfy { if case .success(.accepted) = $0 { true } else { false } })
        #expect(try store.string("SELECT group_concat(filler_number, ',') FROM tasks") == "F1,F3")
        let review = try store.database.reviewList()
        #expect(review.map(\.controlID) == ["C2"])
        #expect(review.first?.reason.contains("test refuses this task") == true)
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'task.created'") == 2)
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'message.derivation_failed'") == 1)
    }

    @Test("refused messages are passed over: the mark reaches the newest message")
    func refusedPassedOver() throws {
        let store = try TestStore()
        try store.ingest(Fixture.refused("R1"))
        try store.ingest(Fixture.result("C1", order(1)))
        try store.ingest(Fixture.refused("R2"))

        #expect(try store.count("SELECT derived_through FROM derivation_mark") == 3)
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 1)
        #expect(try store.database.reviewCount() == 2)
    }

    @Test("at [store] max_backlog, ACKs wait for derivation: the backlog never passes the bound",
          arguments: StoreKind.available)
    func backpressure(kind: StoreKind) throws {
        var config = CareQueueConfig()
        config.store.maxBacklog = 3
        let store = try TestStore(kind: kind, config: config)
        let writer = store.writer
        let group = DispatchGroup()
        let acknowledged = Atomic<Int>(0)
        for thread in 0..<4 {
            DispatchQueue.global().async(group: group) {
                for n in 0..<40 {
                    let done = DispatchSemaphore(value: 0)
                    writer.submit(Fixture.result("T\(thread)-\(n)", self.order(thread * 100 + n))) { result in
                        if case .success(.accepted) = result { acknowledged.add(1, ordering: .relaxed) }
                        done.signal()
                    }
                    done.wait()
                }
            }
        }
        group.wait()
        writer.drain()

        #expect(acknowledged.load(ordering: .relaxed) == 160)
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 160)
        #expect(writer.statistics.largestBacklog <= 3)
        #expect(writer.statistics.largestBacklog >= 1)
    }

    @Test("close derives everything acknowledged before the writer stops", arguments: StoreKind.available)
    func closeDerives(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let acknowledged = Atomic<Int>(0)
        for n in 0..<300 {
            store.writer.submit(Fixture.result("C\(n)", order(n))) { result in
                if case .success(.accepted) = result { acknowledged.add(1, ordering: .relaxed) }
            }
        }
        store.writer.close()

        #expect(acknowledged.load(ordering: .relaxed) == 300)
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 300)
        #expect(try store.count("SELECT derived_through FROM derivation_mark") == 300)
    }

    @Test("a restarted writer derives nothing twice", arguments: StoreKind.available)
    func nothingTwice(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        try store.ingest(Fixture.result("C1", order(1)))
        let restarted = StoreWriter(database: store.database, config: CareQueueConfig(), timeSource: store.clock)
        restarted.drain()
        restarted.close()

        #expect(restarted.statistics.messagesDerived == 0, "nothing is derived twice")
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 1)
    }
}
