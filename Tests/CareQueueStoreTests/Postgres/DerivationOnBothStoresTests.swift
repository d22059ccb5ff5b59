import CareQueueCore
import Foundation
import StoreFixtures
import Synchronization
import TestSupport
import Testing
@testable import CareQueueStore

/// Derivation (tasks, observations, tracked orders) gives the same rows on both stores, and
/// listeners on two hosts deriving one PostgreSQL database never make a task twice.
@Suite("Derivation on SQLite and PostgreSQL")
struct DerivationOnBothStoresTests {
    /// Orders, a cancellation, final and preliminary results, a referral and a critical result.
    private static var traffic: [IngestItem] {
        Fixture.awaitingItems + [
            Fixture.result("K1", Fixture.order(filler: "FK", placer: "PK", observations: [Fixture.potassium("6.8", flags: ["HH"])])),
            Fixture.result("K2", Fixture.order(filler: "FK", placer: "PK", status: "C",
                                               observations: [Fixture.potassium("6.9", flags: ["HH"], status: "C")])),
            Fixture.result("K1", Fixture.order(filler: "FK", placer: "PK", observations: [Fixture.potassium("6.8", flags: ["HH"])])),
        ]
    }

    @Test("the same traffic derives the same tasks, observations, orders and audit rows on each store")
    func sameRows() throws {
        var snapshots: [StoreKind: [String]] = [:]
        for kind in StoreKind.available {
            let store = try TestStore(kind: kind, config: Fixture.awaitingConfig)
            for item in Self.traffic { try store.ingest(item) }
            store.writer.drain()
            snapshots[kind] = try Self.snapshot(store.database)
        }
        let sqlite = try #require(snapshots[.sqlite])
        #expect(sqlite.contains { $0.hasPrefix("order PE order final") && $0.hasSuffix(" 1") })
        #expect(sqlite.contains { $0.hasPrefix("order PD order cancelled") })
        #expect(sqlite.contains { $0.hasPrefix("task PK critical \(Fixture.drA) open C 2 ") })
        #expect(sqlite.filter { $0.hasPrefix("task ") }.count == 3)
        if let postgres = snapshots[.postgres] {
            #expect(postgres == sqlite)
        }
    }

    @Test("two listeners deriving one PostgreSQL database make each task once", .enabled(if: PostgresTestServer.shouldRun))
    func twoListeners() throws {
        let url = try StoreKind.freshPostgresURL()
        let hosts = try (0..<2).map { _ in try StoreKind.openPostgres(url) }
        try hosts[0].importRoster(Fixture.roster)
        let writers = hosts.map { StoreWriter(database: $0, timeSource: FixedTimeSource(Fixture.start)) }
        defer { writers.forEach { $0.close() } }
        let items = (0..<60).map { index in
            Fixture.result("R\(index)", Fixture.order(filler: "F\(index % 20)", placer: "P\(index % 20)",
                                                      status: index < 20 ? "P" : "F",
                                                      observations: [Fixture.potassium(String(index))]))
        }
        let failures = Mutex(0)
        let done = DispatchGroup()
        for (writer, order) in zip(writers, [items, items.reversed()]) {
            done.enter()
            Thread {
                for item in order where (try? writer.ingestNow(item).get()) == nil { failures.withLock { $0 += 1 } }
                done.leave()
            }.start()
        }
        done.wait()
        writers.forEach { $0.drain() }

        #expect(failures.withLock { $0 } == 0)
        let counts = try hosts[1].engine.read { db in
            [try db.value(Int.self, "SELECT count(*) FROM tasks"),
             try db.value(Int.self, "SELECT count(*) FROM messages WHERE ack_code = 'AA'"),
             try db.value(Int.self, "SELECT count(*) FROM audit WHERE action = 'task.created'"),
             try db.value(Int.self, "SELECT count(*) FROM derivation_queue"),
             try db.value(Int.self, "SELECT count(*) FROM observations WHERE is_current = 1")]
        }
        #expect(counts == [20, 60, 20, 0, 20])
        let seqs = try hosts[0].engine.read { db in try db.values(Int64.self, "SELECT seq FROM audit ORDER BY seq") }
        #expect(seqs == Array(1...Int64(seqs.count)))
    }

    /// What derivation wrote, as comparable lines: ids and times left out (sequences differ by engine).
    private static func snapshot(_ database: CareQueueDatabase) throws -> [String] {
        try database.engine.read { db in
            let tasks = try db.fetchAll("""
                SELECT placer_number, urgency, assigned_npi, status, result_status, version, routing_explanation, due_at
                FROM tasks ORDER BY id
                """).map { row in
                "task \(row["placer_number"] as String? ?? "-") \(row["urgency"] as String) \(row["assigned_npi"] as String? ?? "-") "
                    + "\(row["status"] as String) \(row["result_status"] as String) \(row["version"] as Int) "
                    + "\(row["routing_explanation"] as String) \(row["due_at"] as String? ?? "-")"
            }
            let observations = try db.fetchAll("""
                SELECT code, value, flags, is_current FROM observations ORDER BY id
                """).map { row in
                "observation \(row["code"] as String) \(row["value"] as String) \(row["flags"] as String) \(row["is_current"] as Int)"
            }
            let orders = try db.fetchAll("""
                SELECT placer_number, kind, state, expected_by, result_task_id IS NOT NULL AS resulted FROM orders ORDER BY id
                """).map { row in
                "order \(row["placer_number"] as String) \(row["kind"] as String) \(row["state"] as String) "
                    + "\(row["expected_by"] as String) \(row["resulted"] as Int)"
            }
            let audit = try db.values(String.self, "SELECT action FROM audit ORDER BY seq").map { "audit \($0)" }
            return tasks + observations + orders + audit
        }
    }
}
