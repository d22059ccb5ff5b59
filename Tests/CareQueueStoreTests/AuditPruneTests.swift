import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore
import TestSupport

/// Audit rows past `[retention] audit` are pruned from the start of the chain, which restarts at a
/// MAC'd checkpoint: `audit verify` still passes, and tampering is still caught. On both stores.
@Suite("Retention: pruning the audit trail from a checkpoint")
struct AuditPruneTests {
    private let day: TimeInterval = 86_400

    /// Rows on day 0 (three tasks, one acknowledged), then on day 10 (two more), anchored.
    private func store(_ kind: StoreKind, keyed: Bool, anchorNewest: Bool = true) throws -> (TestStore, [UInt8]?, holder: TestStore?, oldRows: Int) {
        let (store, key, holder) = try TestStore.lifecycle(kind, keyed: keyed)
        let first = try store.newTask(Fixture.task(1, .routine))
        for n in 2...3 { _ = try store.newTask(Fixture.task(n, .routine)) }
        try store.act(.acknowledge, first)
        let oldRows = try store.count("SELECT count(*) FROM audit")
        store.clock.advance(by: 10 * day)
        for n in 4...5 { _ = try store.newTask(Fixture.task(n, .routine)) }
        if anchorNewest { try store.database.anchorAudit(at: store.clock.now()) }
        return (store, key, holder, oldRows)
    }

    private func prune(_ store: TestStore, olderThan days: Double, limit: Int = CareQueueDatabase.auditPruneChunk) throws -> PurgeCounts {
        try store.database.pruneAudit(before: store.clock.now().addingTimeInterval(-days * day), at: store.clock.now(),
                                      by: "alice", via: "test", limit: limit)
    }

    /// SQL that lifts the guard `trigger` on `audit`, as someone with the database's credentials could.
    private func dropping(_ trigger: String, _ kind: StoreKind) -> String {
        kind == .sqlite ? "DROP TRIGGER \(trigger)" : "DROP TRIGGER \(trigger) ON audit"
    }

    @Test("rows past the horizon go, the chain restarts at a checkpoint, and verify passes",
          arguments: StoreKind.available, [true, false])
    func pruneVerifies(kind: StoreKind, keyed: Bool) throws {
        let (store, key, _, oldRows) = try store(kind, keyed: keyed)
        let total = try store.count("SELECT count(*) FROM audit")
        let restart = Int64(oldRows + 1)
        let carried = try store.string("SELECT prev_hash FROM audit WHERE seq = \(restart)")

        let dry = try store.database.pruneAudit(before: store.clock.now().addingTimeInterval(-5 * day),
                                                at: store.clock.now(), by: "alice", via: "test", dryRun: true)
        #expect(dry == PurgeCounts(auditRows: oldRows, auditRestart: restart))
        #expect(try store.count("SELECT count(*) FROM audit") == total)

        let counts = try prune(store, olderThan: 5)

        #expect(counts == PurgeCounts(auditRows: oldRows, auditRestart: restart))
        #expect(try store.count("SELECT min(seq) FROM audit") == Int(restart))
        let checkpoint = try #require(try store.database.auditAnchor.log().latestCheckpoint)
        #expect(checkpoint.seq == restart)
        #expect(checkpoint.hash == carried)
        let row = try #require(try store.database.auditRecords().last)
        #expect(row.action == "purge")
        #expect(AuditDetails(row.details).string("audit_rows") == String(oldRows))
        #expect(AuditDetails(row.details).string("audit_restart") == String(restart))
        // The purge row itself is anchored after the commit: the chain is intact, not unanchored.
        #expect(try store.verify(key: key) == .intact(rows: total - oldRows + 1, keyed: keyed))
        // The trigger is back: nobody deletes through CareQueue's connection.
        #expect(throws: (any Error).self) { try store.execute("DELETE FROM audit WHERE seq = \(restart)") }
        // Nothing more is old enough: a second prune does nothing.
        #expect(try prune(store, olderThan: 5) == PurgeCounts())
        // Later writes anchor and verify as before.
        try store.act(.acknowledge, 2)
        #expect(try store.verify(key: key) == .intact(rows: total - oldRows + 2, keyed: keyed))
    }

    @Test("after a prune, an edited kept row is broken and rows deleted past the checkpoint are missing",
          arguments: StoreKind.available)
    func tamperingAfterPrune(kind: StoreKind) throws {
        let (store, key, _, oldRows) = try store(kind, keyed: true)
        _ = try prune(store, olderThan: 5)
        let restart = oldRows + 1

        try store.tamper("\(dropping("audit_no_update", kind)); UPDATE audit SET \"user\" = 'mallory' WHERE seq = \(restart + 1)")
        guard case .broken(let seq, _) = try store.verify(key: key) else {
            Issue.record("an edited row after the checkpoint must break the chain")
            return
        }
        #expect(seq == Int64(restart + 1))

        let (other, otherKey, _, otherOld) = try self.store(kind, keyed: true)
        _ = try prune(other, olderThan: 5)
        try other.tamper("\(dropping("audit_no_delete", kind)); DELETE FROM audit WHERE seq <= \(otherOld + 2)")
        guard case .missing(let from, let through, _) = try other.verify(key: otherKey) else {
            Issue.record("rows deleted beyond the checkpoint must be missing")
            return
        }
        #expect(from == Int64(otherOld + 1))
        #expect(through == Int64(otherOld + 2))
    }

    @Test("killed after the checkpoint is written but before the rows go: verify passes, the next prune completes it",
          arguments: StoreKind.available)
    func checkpointWithoutCommit(kind: StoreKind) throws {
        let (store, key, _, oldRows) = try store(kind, keyed: true)
        let chain = AuditChain(key: key)
        let restart = Int64(oldRows + 1)
        let carried = try #require(try store.string("SELECT prev_hash FROM audit WHERE seq = \(restart)"))
        // What `pruneAudit` does before its commit, and nothing after.
        _ = try store.database.auditAnchor.append(checkingWith: chain) { tail in
            AuditAnchorRecord.next(after: tail.last, kind: .checkpoint, seq: restart, hash: carried,
                                   at: store.clock.now(), chain: chain)
        }
        let rows = try store.count("SELECT count(*) FROM audit")
        #expect(try store.verify(key: key) == .intact(rows: rows, keyed: true))
        try store.act(.acknowledge, 2)
        #expect(try store.verify(key: key) == .intact(rows: rows + 1, keyed: true))

        #expect(try prune(store, olderThan: 5).auditRows == oldRows)
        #expect(try store.verify(key: key) == .intact(rows: rows + 1 - oldRows + 1, keyed: true))
    }

    @Test("the anchored head among the rows pruned: the next anchor checks the chain from the checkpoint",
          arguments: StoreKind.available)
    func anchoredHeadPruned(kind: StoreKind) throws {
        // The acknowledgement (day 0) anchored the chain; the day-10 rows are not anchored yet.
        let (store, key, _, oldRows) = try store(kind, keyed: true, anchorNewest: false)
        let anchoredHead = try #require(try store.database.auditAnchor.log().latestHead)
        #expect(anchoredHead.seq == Int64(oldRows))

        #expect(try prune(store, olderThan: 5).auditRows == oldRows)

        #expect(try store.database.auditAnchor.log().latestHead?.seq == Int64(try store.count("SELECT max(seq) FROM audit")))
        #expect(try store.verify(key: key) == .intact(rows: try store.count("SELECT count(*) FROM audit"), keyed: true))
    }

    @Test("a second prune killed before its commit: the chain still starts at the first checkpoint",
          arguments: StoreKind.available)
    func secondCheckpointWithoutCommit(kind: StoreKind) throws {
        let (store, key, _, _) = try store(kind, keyed: true)
        _ = try prune(store, olderThan: 5)
        store.clock.advance(by: 10 * day)
        try store.act(.acknowledge, 2)
        let chain = AuditChain(key: key)
        let restart = Int64(try store.count("SELECT max(seq) FROM audit"))
        let carried = try #require(try store.string("SELECT prev_hash FROM audit WHERE seq = \(restart)"))
        _ = try store.database.auditAnchor.append(checkingWith: chain) { tail in
            AuditAnchorRecord.next(after: tail.last, kind: .checkpoint, seq: restart, hash: carried,
                                   at: store.clock.now(), chain: chain)
        }
        #expect(try store.verify(key: key) == .intact(rows: try store.count("SELECT count(*) FROM audit"), keyed: true))
    }

    @Test("in chunks: each restarts the chain further on; a second prune after that still verifies",
          arguments: StoreKind.available)
    func chunks(kind: StoreKind) throws {
        let (store, key, _, oldRows) = try store(kind, keyed: false)
        var pruned = 0
        while true {
            let counts = try prune(store, olderThan: 5, limit: 2)
            if counts.auditRows == 0 { break }
            #expect(counts.auditRows <= 2)
            pruned += counts.auditRows
            if case .intact = try store.verify(key: key) {} else { Issue.record("a chunk left a chain that does not verify") }
        }
        #expect(pruned == oldRows)
        #expect(try store.database.auditAnchor.log().records.filter { $0.kind == .checkpoint }.count == (oldRows + 1) / 2)
    }

    @Test("a tampered row among those to go is not pruned: the evidence stays", arguments: StoreKind.available)
    func refusesBrokenRows(kind: StoreKind) throws {
        let (store, key, _, _) = try store(kind, keyed: true)
        try store.tamper("\(dropping("audit_no_update", kind)); UPDATE audit SET details = '{}' WHERE seq = 2")
        #expect(throws: StoreError.self) { try prune(store, olderThan: 5) }
        #expect(try store.count("SELECT min(seq) FROM audit") == 1)
        guard case .broken(2, _) = try store.verify(key: key) else {
            Issue.record("the tampered row is still reported")
            return
        }
    }

    @Test("the newest row is never pruned, however old", arguments: StoreKind.available, [true, false])
    func keepsNewest(kind: StoreKind, keyed: Bool) throws {
        let (store, key, _, _) = try store(kind, keyed: keyed)
        store.clock.advance(by: 100 * day)
        let last = try store.count("SELECT max(seq) FROM audit")
        let counts = try prune(store, olderThan: 1)
        #expect(counts.auditRestart == Int64(last))
        #expect(try store.count("SELECT count(*) FROM audit") == 2, "the newest old row and the purge row")
        #expect(try store.verify(key: key) == .intact(rows: 2, keyed: keyed))
    }

    @Test("a backup taken after a prune carries the checkpoint and verifies")
    func backupAfterPrune() throws {
        let (store, key, _, _) = try store(.sqlite, keyed: true)
        _ = try prune(store, olderThan: 5)
        let rows = try store.count("SELECT count(*) FROM audit")
        let path = store.directory.appendingPathComponent("copy.sqlite").path

        let summary = try store.database.backup(to: path, by: "alice", at: store.clock.now())

        #expect(summary.audit == .intact(rows: rows, keyed: true))
        let copy = try CareQueueDatabase(path: path, access: .readOnly)
        #expect(try copy.verifyAudit(with: AuditChain(key: key)) == .intact(rows: rows, keyed: true))
        #expect(try copy.auditAnchor.log().latestCheckpoint != nil)
    }

    @Test("PostgreSQL: a pg_dump taken after a prune, restored on a new host, verifies from the checkpoint",
          .enabled(if: PostgresTestServer.shouldRun))
    func dumpAfterPrune() throws {
        let (store, key, _, _) = try store(.postgres, keyed: true)
        _ = try prune(store, olderThan: 5)
        let rows = try store.count("SELECT count(*) FROM audit")
        let archive = store.directory.appendingPathComponent("copy.dump").path
        let tool = try #require(CareQueueDatabase.findDumpTool(), "pg_dump (Debian: postgresql-client)")

        let summary = try store.database.dump(to: archive, by: "alice", tool: tool, at: store.clock.now())
        #expect(summary.audit == .intact(rows: rows, keyed: true))
        let anchor = try String(contentsOfFile: archive + "-audit-anchor", encoding: .utf8)
        #expect(anchor.contains(" checkpoint "), "\(anchor)")

        let restored = try PostgresTestServer.freshDatabase(prefix: "restored")
        let restore = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/env"),
                                         ["pg_restore", "--no-owner", "--dbname=\(restored)", archive])
        #expect(restore.status == 0, "\(restore.stderr)")
        // A host that never saw the chain before: the checkpoint it needs is in the archive's rows.
        let host = try StoreKind.openPostgres(restored, access: .existing, auditChain: AuditChain(key: key))
        #expect(try host.verifyAudit(with: AuditChain(key: key)) == .unanchored(rows: rows, keyed: true,
                                                                               anchoredThrough: nil, unanchored: rows))
        try host.anchorAudit()
        #expect(try host.verifyAudit(with: AuditChain(key: key)) == .intact(rows: rows, keyed: true))
    }
}
