import Foundation
import StoreFixtures
import TestSupport
import Testing

/// The audit anchor end to end: what `audit verify` says after a clean stop, after a SIGKILL,
/// and after the newest rows were deleted behind CareQueue's back.
@Suite("carequeue audit verify with the anchor", .serialized)
struct AuditAnchorCLITests {
    @Test("deleting the newest audit rows behind CareQueue's back is found, and the rows are counted", arguments: StoreKind.available)
    func newestRowsDeleted(kind: StoreKind) throws {
        let (workspace, _) = try LifecycleWorkspace.keyed(kind: kind)
        try workspace.ingest(ORU.mix)
        try workspace.run(["tasks", "ack", try workspace.taskID("MRN-CRIT-A")])
        let intact = try workspace.run(["audit", "verify"])
        #expect(intact.status == 0, "\(intact.stderr)")
        #expect(intact.stdout.hasPrefix("audit chain intact: "))

        // SQLite's AUTOINCREMENT remembers the highest seq, so a careful tamperer resets it too;
        // PostgreSQL's seq is numbered by CareQueue from the newest row.
        let tamper = try workspace.behindTheBack(sqlite: """
            DROP TRIGGER audit_no_delete;
            DELETE FROM audit WHERE seq > (SELECT max(seq) FROM audit) - 3;
            UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM audit) WHERE name = 'audit';
            """, postgres: """
            ALTER TABLE audit DISABLE TRIGGER audit_no_delete;
            DELETE FROM audit WHERE seq > (SELECT max(seq) FROM audit) - 3;
            """)
        #expect(tamper.status == 0, "\(tamper.stderr)")

        let broken = try workspace.run(["audit", "verify"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("audit chain broken: 3 rows missing from the end"), "\(broken.stderr)")
        // And no CareQueue process anchors the shorter chain over it.
        let action = try workspace.run(["tasks", "ack", try workspace.taskID("MRN-CRIT-U")])
        #expect(action.stderr.contains("rows are missing"), "\(action.stderr)")
        #expect(try workspace.run(["audit", "verify"]).status == 1)
    }

    @Test("a clean stop leaves the chain anchored; a SIGKILL leaves it unanchored until the next start", arguments: StoreKind.available)
    func stopAndKill(kind: StoreKind) throws {
        let (workspace, _) = try LifecycleWorkspace.keyed(kind: kind)
        try workspace.ingest(ORU.mix)
        let afterStop = try workspace.run(["audit", "verify"])
        #expect(afterStop.status == 0, "\(afterStop.stdout) \(afterStop.stderr)")

        let listener = try workspace.listenerProcess()
        let sent = try Subprocess.carequeue(["send", "--port", String(listener.port),
                                             try workspace.file("more.hl7", ORU.message("K1", mrn: "MRN-K1", filler: "K1", value: "4.0", flag: "N", npi: LifecycleWorkspace.NPI.drA))])
        #expect(sent.status == 0, "\(sent.stdout)")
        listener.kill()
        let afterKill = try workspace.run(["audit", "verify"])
        // The listener's upkeep anchors every few seconds: on a stalled machine it may have anchored
        // the new rows before the kill landed, leaving nothing unanchored to see. Otherwise they are.
        let anchoredBeforeKill = afterKill.status == 0 && afterKill.stdout.contains("anchored through the newest")
        if !anchoredBeforeKill {
            #expect(afterKill.status == 2, "\(afterKill.stdout) \(afterKill.stderr)")
            #expect(afterKill.stdout.contains("unanchored: "), "\(afterKill.stdout)")
        }

        let restarted = try workspace.listenerProcess()
        restarted.stop()
        #expect(restarted.log.contains("audit chain anchored through row"))
        #expect(try workspace.run(["audit", "verify"]).status == 0)
    }
}
