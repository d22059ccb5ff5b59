import CareQueueCore
import Foundation
import StoreFixtures
import Synchronization
import TestSupport
import Testing
@testable import CareQueueStore

/// The ACK's transaction on both stores: what each item is answered, and what is stored.
@Suite("Ingest on SQLite and PostgreSQL")
struct IngestOnBothStoresTests {
    @Test("accepted, duplicate, reused and refused messages are answered and stored alike", arguments: StoreKind.available)
    func outcomes(kind: StoreKind) throws {
        let database = try StoreKind.fresh(kind)
        let commit = GroupCommit(database: database, config: CareQueueConfig(), timeSource: FixedTimeSource(Fixture.start))
        let first = Fixture.result("C1", Fixture.order(observations: [Fixture.potassium("6.8", flags: ["HH"])]))
        var reused = Fixture.result("C1", Fixture.order(observations: [Fixture.potassium("4.0")]))
        reused.raw += Array("OBX|1|NM|2823-3||4.0\r".utf8)

        let alone = commit.commit([first])
        let group = commit.commit([first, reused, Fixture.refused("C9"), Fixture.result("C2", Fixture.order(observations: []))])

        #expect(alone.committed && group.committed)
        #expect(try outcomes(alone) == ["accepted"])
        #expect(try outcomes(group) == ["duplicate", "refused AE 205", "refused AE 101", "accepted"])
        let counts = try database.engine.read { connection in
            (try connection.value(Int64.self, "SELECT count(*) FROM messages WHERE ack_code = 'AA'"),
             try connection.value(Int64.self, "SELECT count(*) FROM messages WHERE ack_code = 'AE'"),
             try connection.values(String.self, "SELECT action FROM audit ORDER BY seq"))
        }
        #expect(counts.0 == 2)
        #expect(counts.1 == 2)
        #expect(counts.2 == ["message.duplicate", "message.refused", "message.refused"])
        try expectIntactChain(database)
    }

    @Test("two listeners on one PostgreSQL database store each resend once and keep one audit chain",
          .enabled(if: PostgresTestServer.shouldRun))
    func twoListeners() throws {
        let url = try StoreKind.freshPostgresURL()
        let hostA = try StoreKind.openPostgres(url)
        let hostB = try StoreKind.openPostgres(url)
        let items = (0..<120).map { Fixture.result("C\($0)", Fixture.order(filler: "F\($0)", observations: [Fixture.potassium()])) }
        let results = Mutex<[String]>([])
        let done = DispatchGroup()
        for (host, order) in [(hostA, items), (hostB, Array(items.reversed()))] {
            done.enter()
            Thread {
                let commit = GroupCommit(database: host, config: CareQueueConfig(), timeSource: FixedTimeSource(Fixture.start))
                // Groups of several sizes, as a listener's bursts come, each item sent twice.
                var start = 0
                var size = 1
                while start < order.count {
                    let group = Array(order[start..<min(start + size, order.count)])
                    let stored = commit.commit(group + group.prefix(1))
                    results.withLock { $0 += (try? IngestOnBothStoresTests.outcomes(stored)) ?? ["failed group"] }
                    start += size
                    size = size % 7 + 1
                }
                done.leave()
            }.start()
        }
        done.wait()

        let answered = results.withLock { $0 }
        #expect(!answered.contains { $0 != "accepted" && $0 != "duplicate" }, "\(Set(answered))")
        #expect(answered.filter { $0 == "accepted" }.count == items.count)
        let stored = try hostA.engine.read { connection in
            try connection.value(Int64.self, "SELECT count(DISTINCT control_id) * 1000 + count(*) FROM messages WHERE ack_code = 'AA'")
        }
        #expect(stored == Int64(items.count) * 1000 + Int64(items.count))
        try expectIntactChain(hostB)
    }

    private func outcomes(_ stored: GroupCommit.Stored) throws -> [String] { try Self.outcomes(stored) }

    static func outcomes(_ stored: GroupCommit.Stored) throws -> [String] {
        try stored.results.map { result in
            switch try result.get() {
            case .accepted: return "accepted"
            case .duplicate: return "duplicate"
            case .refused(let refusal): return "refused \(refusal.kind.rawValue) \(refusal.code.rawValue)"
            }
        }
    }

    private func expectIntactChain(_ database: CareQueueDatabase) throws {
        let rows = try database.engine.read { connection in
            try connection.fetchAll("SELECT * FROM audit ORDER BY seq").map(AuditEntryRecord.init)
        }
        var walk = AuditChainWalk(chain: AuditChain(key: nil), expectedPrevious: AuditChain.genesis)
        for row in rows {
            let broken = walk.step(row)
            #expect(broken == nil, "row \(row.seq): \(broken?.why ?? "")")
        }
        #expect(rows.map(\.seq) == Array(1...Int64(max(rows.count, 1))).prefix(rows.count).map { $0 })
    }
}
