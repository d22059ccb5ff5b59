import Foundation
import Testing
@testable import carequeue

@Suite("Ingest bench baselines")
struct IngestBaselinesTests {
    @Test("the serial limit is 1 / (round trip without persistence + one raw commit)")
    func serialLimit() {
        // 0.1 ms round trip + 1/2,500 s = 0.4 ms commit: 0.5 ms per message.
        #expect(abs(IngestGoals.serialLimit(offRoundTripMilliseconds: 0.1, rawCommitsPerSecond: 2_500) - 2_000) < 1e-6)
        #expect(IngestGoals.serialLimit(offRoundTripMilliseconds: 0, rawCommitsPerSecond: 800) == 800)
        #expect(IngestGoals.serialLimit(offRoundTripMilliseconds: 0.1, rawCommitsPerSecond: 0) == 0)
    }

    @Test("figures print beside their baseline and the goal ratio")
    func formatting() {
        #expect(IngestGoals.grouped(4_800) == "4,800")
        #expect(IngestGoals.grouped(812.4) == "812")
        #expect(IngestGoals.grouped(1_234_567) == "1,234,567")
        #expect(IngestGoals.multiple(0.169) == "0.17×")
        #expect(IngestGoals.multiple(1.55) == "1.6×" || IngestGoals.multiple(1.55) == "1.5×")
        #expect(IngestGoals.multiple(12.4) == "12×")
        #expect(IngestGoals.compare(812, to: 4_800, named: "the serial limit", goal: 0.8)
            == "812 msg/s = 0.17× the serial limit 4,800 (goal ≥ 0.8×)")
        #expect(IngestGoals.compare(5_000, to: 500, named: "the peer", goal: 5)
            == "5,000 msg/s = 10× the peer 500 (goal ≥ 5×: met)")
        #expect(IngestGoals.compare(900, to: 1_000, named: "the serial limit") == "900 msg/s = 0.90× the serial limit 1,000")
        #expect(IngestGoals.peerMultiple(senders: 1) == 5)
        #expect(IngestGoals.peerMultiple(senders: 8) == 10)
    }

    @Test("fresh seeds give fresh control ids; the ids name the seed, sender and index")
    func freshIDs() {
        let one = BenchMessages.fresh(), two = BenchMessages.fresh()
        #expect(one.controlID(sender: 0, index: 0) != two.controlID(sender: 0, index: 0))
        #expect(one.controlID(sender: 1, index: 2) != one.controlID(sender: 2, index: 1) || one.seed == 0)
        let text = String(decoding: one.message(sender: 3, index: 4), as: UTF8.self)
        #expect(text.contains("|\(one.controlID(sender: 3, index: 4))|P|2.5.1"))
    }

    @Test("every schema-ceiling statement prepares against a database the real migrations made")
    func statementsPrepare() throws {
        let path = try Self.freshDatabase()
        defer { Self.remove(path) }
        let db = try RawSQLite(path: path)
        let all = SchemaCeiling.transactionStatements + SchemaCeiling.messageStatements
        #expect(all.count == 14)
        for sql in all {
            _ = try db.prepare(sql)
        }
    }

    @Test("the ceiling's messages satisfy the schema's checks, triggers and foreign keys, as rows the store writes")
    func ceilingWritesRows() throws {
        let path = try Self.freshDatabase()
        defer { Self.remove(path) }
        let count = try SchemaCeiling.run(at: path, perTransaction: 16) { $0 < 32 }
        #expect(count == 32)
        let db = try RawSQLite(path: path, readOnly: true)
        let rows = SchemaCeiling.rowsPerMessage
        for (table, perMessage) in [("messages", rows.messages), ("tasks", rows.tasks),
                                    ("observations", rows.observations), ("audit", rows.audit)] {
            #expect(try db.prepare("SELECT count(*) FROM \(table)").run() == Int64(32 * perMessage), "\(table)")
        }
        #expect(try db.prepare("PRAGMA foreign_key_check").run() == nil)
        // A one-per-transaction run continues the same chain of rows.
        #expect(try SchemaCeiling.run(at: path, perTransaction: 1) { $0 < 3 } == 3)
        #expect(try db.prepare("SELECT count(*) FROM tasks").run() == 35)
    }

    static func freshDatabase() throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("ceiling-test-\(getpid())-\(UUID().uuidString.prefix(8)).sqlite").path
        try SchemaCeiling.createDatabase(at: path)
        return path
    }

    static func remove(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
