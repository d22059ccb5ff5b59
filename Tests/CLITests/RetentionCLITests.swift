import Foundation
import StoreFixtures
import TestSupport
import Testing

/// `carequeue purge` and `[retention]` end to end, on a keyed chain with a short audit horizon.
@Suite("carequeue purge and [retention]", .serialized)
struct RetentionCLITests {
    /// A keyed workspace whose configuration also holds `retention` under `[retention]`.
    private func workspace(_ label: String, kind: StoreKind, retention: String) throws -> LifecycleWorkspace {
        let (workspace, key) = try LifecycleWorkspace.keyed(label: label, kind: kind)
        workspace.common = ["--config", try workspace.file("config.toml", """
            [audit]
            key_file = "\(key)"

            [retention]
            \(retention)

            """)]
        return workspace
    }

    private func rawLength(_ workspace: LifecycleWorkspace, task id: String) throws -> Int {
        Int(try workspace.scalar("SELECT length(m.raw) FROM messages m JOIN tasks t ON t.latest_message_id = m.id WHERE t.id = \(id)")) ?? -1
    }

    @Test("purge keeping what retention says and `audit verify` passing after an audit prune", arguments: StoreKind.available)
    func purgeAndVerify(kind: StoreKind) throws {
        let workspace = try workspace("retention-purge", kind: kind, retention: "audit = \"3s\"")
        try workspace.ingest(ORU.mix)
        let closed = try workspace.taskID("MRN-ROUT-A")
        let open = try workspace.taskID("MRN-ABN-A")
        let close = try workspace.run(["tasks", "close", closed, "--outcome", "reached", "--note", "all normal, told her"])
        #expect(close.status == 0, "\(close.stderr)")
        // Older than the audit horizon, and closed before the cut-off taken now.
        Thread.sleep(forTimeInterval: 4.2)
        let before = LifecycleWorkspace.isoFromNow(0)
        let auditRows = Int(try workspace.scalar("SELECT count(*) FROM audit")) ?? 0

        let dry = try workspace.run(["purge", "--before", before, "--dry-run", "--json"])
        #expect(dry.status == 0, "\(dry.stderr)")
        let counts = try #require(try JSONSerialization.jsonObject(with: Data(dry.stdout.utf8)) as? [String: Any])
        #expect(counts["tasks"] as? Int == 1)
        #expect(counts["messages"] as? Int == 1)
        #expect((counts["audit_rows"] as? Int ?? 0) > 0)
        #expect(counts["dry_run"] as? Bool == true)
        #expect(Int(try workspace.scalar("SELECT count(*) FROM audit")) == auditRows, "a dry run writes nothing")

        let purge = try workspace.run(["purge", "--before", before])
        #expect(purge.status == 0, "\(purge.stderr)")
        #expect(purge.stdout.contains("1 task; removed the raw bytes of 1 message"), "\(purge.stdout)")
        #expect(purge.stdout.contains("the chain restarts at row"), "\(purge.stdout)")
        #expect(try rawLength(workspace, task: closed) == 0)
        #expect(try rawLength(workspace, task: open) > 0)

        let shown = try workspace.run(["tasks", "show", closed])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("Retention  raw message ("), "\(shown.stdout)")
        #expect(shown.stdout.contains("Potassium"), "the summary stays")
        #expect(!(try workspace.run(["tasks", "show", open]).stdout.contains("Retention")))

        let verified = try workspace.run(["audit", "verify"])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        #expect(verified.stdout.hasPrefix("audit chain intact: "), "\(verified.stdout)")
        #expect(verified.stdout.contains("the chain starts at row"), "\(verified.stdout)")
        let purgeRows = try workspace.run(["audit", "list", "--action", "purge", "--json"])
        #expect(purgeRows.stdout.contains("\"audit_rows\""), "\(purgeRows.stdout)")
        #expect(!purgeRows.stdout.contains("MRN-ROUT-A"), "no patient data in a purge row")

        // A backup after the prune carries the checkpoint and verifies on its own. (On PostgreSQL the
        // backup is a pg_dump: AuditPruneTests.dumpAfterPrune restores one on a new host and verifies.)
        if kind == .sqlite {
            let copy = workspace.directory.appendingPathComponent("copy.sqlite").path
            let backup = try workspace.run(["backup", copy])
            #expect(backup.status == 0, "\(backup.stderr)")
            let copyVerified = try Subprocess.carequeue(["audit", "verify", "--db", copy] + workspace.common)
            #expect(copyVerified.status == 0, "\(copyVerified.stdout) \(copyVerified.stderr)")
        }

        // Nothing is left to take from the tasks.
        let again = try workspace.run(["purge", "--before", before, "--json"])
        let second = try #require(try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(second["tasks"] as? Int == 0)
        #expect(second["messages"] as? Int == 0)
        #expect(try workspace.run(["audit", "verify"]).status == 0)

        // Deleting a kept row behind CareQueue's back is still caught.
        let first = try workspace.scalar("SELECT min(seq) FROM audit")
        let deleted = try workspace.behindTheBack(
            sqlite: "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = \(first);",
            postgres: "ALTER TABLE audit DISABLE TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = \(first);")
        #expect(deleted.status == 0, "\(deleted.stderr)")
        let tampered = try workspace.run(["audit", "verify"])
        #expect(tampered.status == 1)
        #expect(tampered.stderr.contains("missing after the retention checkpoint"), "\(tampered.stderr)")
    }

    @Test("the listener purges what [retention] closed_after says when it starts", arguments: StoreKind.available)
    func listenerPurges(kind: StoreKind) throws {
        let workspace = try workspace("retention-listener", kind: kind, retention: "closed_after = \"1s\"")
        try workspace.ingest(ORU.mix)
        let closed = try workspace.taskID("MRN-CRIT-A")
        #expect(try workspace.run(["tasks", "close", closed, "--outcome", "reached", "--note", "sent to ED"]).status == 0)
        Thread.sleep(forTimeInterval: 2.2)

        let listener = try Listener(arguments: ["listen", "--port", "0", "--db", workspace.db] + workspace.common,
                                    environment: workspace.environment())
        let deadline = Date().addingTimeInterval(20)
        while try rawLength(workspace, task: closed) != 0, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.3)
        }
        listener.stop()

        #expect(try rawLength(workspace, task: closed) == 0)
        #expect(try rawLength(workspace, task: try workspace.taskID("MRN-CRIT-U")) > 0, "open tasks keep their bytes")
        let purges = try workspace.run(["audit", "list", "--action", "purge", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(purges.stdout.utf8)) as? [[String: Any]], "\(purges.stderr)")
        #expect(rows.map { ($0["details"] as? [String: Any])?["via"] as? String } == ["listener"])
        #expect(try workspace.run(["audit", "verify"]).status == 0)
    }

    @Test("refusals: a future --before, no date at all, a bad [retention] value", arguments: StoreKind.available)
    func refusals(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(label: "retention-refusals", kind: kind)
        try workspace.ingest([ORU.mix[0]])
        let future = try workspace.run(["purge", "--before", LifecycleWorkspace.isoFromNow(3600)])
        #expect(future.status == 1)
        #expect(future.stderr.contains("is in the future"), "\(future.stderr)")
        let none = try workspace.run(["purge"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("pass --before DATE, or set [retention] closed_after"), "\(none.stderr)")
        let notDate = try workspace.run(["purge", "--before", "last year"])
        #expect(notDate.status == 64)

        let bad = try workspace.file("bad.toml", "[retention]\nclosed_after = \"400\"\naudit = \"0d\"\n")
        let check = try Subprocess.carequeue(["config", "check", bad])
        #expect(check.status == 1)
        #expect(check.stderr.contains("[retention] closed_after must be a duration"), "\(check.stderr)")
        #expect(check.stderr.contains("[retention] audit must be longer than zero"), "\(check.stderr)")
    }
}
