import CareQueueCore
import Foundation
import StoreFixtures
import Testing
@testable import CareQueueStore
import TestSupport

/// Two hosts on one PostgreSQL database, each with its own audit anchor: a prune on one restarts
/// the chain for both, and a checkpoint the key did not make restarts it for neither.
@Suite("Retention on PostgreSQL: one host prunes, every host verifies", .enabled(if: PostgresTestServer.shouldRun))
struct AuditPruneHostsTests {
    private let day: TimeInterval = 86_400

    /// Host A (the test store) and host B (the same database, an anchor of its own), both having
    /// anchored the day-0 rows; then day-10 rows. Returns the rows written on day 0.
    private func twoHosts(keyed: Bool) throws -> (a: TestStore, b: CareQueueDatabase, chain: AuditChain, holder: TestStore?, oldRows: Int) {
        let (a, key, holder) = try TestStore.lifecycle(.postgres, keyed: keyed)
        let chain = AuditChain(key: key)
        for n in 1...3 { _ = try a.newTask(Fixture.task(n, .routine)) }
        try a.database.anchorAudit(at: a.clock.now())
        let b = try StoreKind.openPostgres(a.path, access: .existing, auditChain: chain)
        try b.anchorAudit(at: a.clock.now())
        let oldRows = try a.count("SELECT count(*) FROM audit")
        a.clock.advance(by: 10 * day)
        for n in 4...5 { _ = try a.newTask(Fixture.task(n, .routine)) }
        return (a, b, chain, holder, oldRows)
    }

    @Test("host B prunes: host A adopts B's checkpoint, anchors from it and verifies intact", arguments: [true, false])
    func otherHostAdopts(keyed: Bool) throws {
        let (a, b, chain, _, oldRows) = try twoHosts(keyed: keyed)
        let now = a.clock.now()

        let counts = try b.pruneAudit(before: now.addingTimeInterval(-5 * day), at: now, by: "alice", via: "test")

        #expect(counts.auditRows == oldRows)
        #expect(try a.count("SELECT count(*) FROM audit_checkpoints") == 1)
        let rows = try a.count("SELECT count(*) FROM audit")
        // A's newest anchor names a row that is gone: it checks the chain from B's checkpoint instead.
        #expect(try a.database.anchorAudit(at: now) == .anchored(seq: Int64(try a.count("SELECT max(seq) FROM audit"))))
        #expect(try a.database.verifyAudit(with: chain) == .intact(rows: rows, keyed: keyed))
        let adopted = try #require(try a.database.auditAnchor.log().latestCheckpoint)
        #expect(adopted.seq == Int64(oldRows + 1))
        #expect(try b.verifyAudit(with: chain) == .intact(rows: rows, keyed: keyed))
        // Adopted once: anchoring again adds no second checkpoint record.
        try a.act(.acknowledge, 4)
        try a.database.anchorAudit(at: now)
        #expect(try a.database.auditAnchor.log().records.filter { $0.kind == .checkpoint }.count == 1)
        #expect(try a.database.verifyAudit(with: chain) == .intact(rows: rows + 1, keyed: keyed))
    }

    @Test("a checkpoint written without the key is not adopted: the rows before it read as gone, not pruned")
    func forgedCheckpointRefused() throws {
        let (a, _, chain, _, oldRows) = try twoHosts(keyed: true)
        let restart = oldRows + 1
        let carried = try #require(try a.string("SELECT prev_hash FROM audit WHERE seq = \(restart)"))
        // Someone with the database's credentials but not the key deletes the oldest rows and
        // vouches for it with the unkeyed form of a checkpoint.
        let forged = AuditSharedCheckpoint.make(seq: Int64(restart), hash: carried, at: a.clock.now(),
                                                chain: AuditChain(key: nil))
        try a.tamper("""
            DROP TRIGGER audit_no_delete ON audit;
            DELETE FROM audit WHERE seq < \(restart);
            INSERT INTO audit_checkpoints (seq, hash, at, mac)
                VALUES (\(restart), '\(forged.hash)', '\(StoreTime.text(forged.at))', '\(forged.mac)');
            """)

        switch try a.database.verifyAudit(with: chain) {
        case .intact, .unanchored: Issue.record("rows deleted under a checkpoint the key did not make passed as a prune")
        default: break
        }
        #expect(try a.database.auditAnchor.log().latestCheckpoint == nil)
        #expect(throws: StoreError.self) { try a.database.anchorAudit(at: a.clock.now()) }
    }

    @Test("checkpoints are append-only like the rows they restart")
    func checkpointsAppendOnly() throws {
        let (a, b, _, _, _) = try twoHosts(keyed: false)
        let now = a.clock.now()
        _ = try b.pruneAudit(before: now.addingTimeInterval(-5 * day), at: now, by: "alice", via: "test")
        for statement in ["UPDATE audit_checkpoints SET hash = hash", "DELETE FROM audit_checkpoints",
                          "TRUNCATE audit_checkpoints"] {
            #expect(throws: (any Error).self, "\(statement)") { try a.execute(statement) }
        }
        #expect(try a.count("SELECT count(*) FROM audit_checkpoints") == 1)
    }
}
