import CareQueueCore
import Foundation
import TestSupport
import Testing

/// `carequeue backup` end to end: a copy taken while eight senders keep the listener writing opens
/// and verifies on its own; what it refuses, it refuses in words.
@Suite("carequeue backup", .serialized)
struct BackupCLITests {
    /// `carequeue ARGS --db PATH` with the workspace's configuration, for commands on the copy.
    private func run(_ arguments: [String], on path: String, _ workspace: LifecycleWorkspace) throws -> ProcessResult {
        try Subprocess.carequeue(arguments + ["--db", path] + workspace.common)
    }

    /// `carequeue backup PATH` half a second into traffic from 8 simulated senders to a listener on
    /// the workspace's store (its standard mix stored first); returned once the senders and the
    /// listener are done, each sender having ended well.
    private func backupDuringTraffic(_ workspace: LifecycleWorkspace, to path: String) throws -> ProcessResult {
        try workspace.ingest(ORU.mix)
        let roster = try workspace.file("roster-sim.csv", LifecycleWorkspace.roster)
        let listener = try workspace.listenerProcess()
        let senders = try (1...8).map { seed in
            try workspace.start(["simulate", "--port", String(listener.port), "--count", "150", "--rate", "100",
                                 "--seed", String(seed), "--roster", roster])
        }
        Thread.sleep(forTimeInterval: 0.5)
        let backup = try workspace.run(["backup", path])
        let sent = senders.map { $0.finish() }
        listener.stop()
        #expect(sent.allSatisfy { $0.status == 0 }, "\(sent.map(\.stderr))")
        return backup
    }

    @Test("a backup during traffic from 8 senders opens, lists its tasks and passes audit verify")
    func backupUnderTraffic() throws {
        let (workspace, _) = try LifecycleWorkspace.keyed(label: "backup-traffic")
        let copy = workspace.directory.appendingPathComponent("copy.sqlite").path
        let backup = try backupDuringTraffic(workspace, to: copy)

        #expect(backup.status == 0, "\(backup.stderr)")
        let line = try #require(backup.stdout.split(separator: "\n").first.map(String.init))
        let match = try #require(line.wholeMatch(of: /backup of (\d+) tasks \(\d+\.\d MB\) to (.+) in \d+\.\d s; integrity ok; audit verifies through row (\d+)/),
                                 "\(line)")
        #expect(String(match.2) == copy)
        let tasksInCopy = Int(match.1)!
        let auditThrough = String(match.3)

        let listed = try run(["tasks", "list", "--status", "all", "--json"], on: copy, workspace)
        #expect(listed.status == 0, "\(listed.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.count == tasksInCopy)
        #expect(tasksInCopy > ORU.mix.count, "the backup ran before any simulated message arrived")
        // The source holds at least what the snapshot did (patients repeat: count tasks, not MRNs).
        let source = try workspace.run(["tasks", "list", "--status", "all", "--json"])
        let sourceRows = try JSONSerialization.jsonObject(with: Data(source.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(sourceRows.count >= tasksInCopy)

        let verified = try run(["audit", "verify"], on: copy, workspace)
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        #expect(verified.stdout.hasPrefix("audit chain intact: \(auditThrough) rows"), "\(verified.stdout)")
        // The source records the backup and still verifies after the clean stop.
        let audited = try workspace.run(["audit", "list", "--action", "backup", "--json"])
        #expect(audited.stdout.contains(copy), "\(audited.stdout)")
        #expect(try workspace.run(["audit", "verify"]).status == 0)
    }

    @Test("PostgreSQL: a pg_dump during traffic from 8 senders, restored as README says on a new host, holds what it counted and verifies",
          .enabled(if: PostgresTestServer.shouldRun))
    func dumpUnderTraffic() throws {
        let (workspace, _) = try LifecycleWorkspace.keyed(label: "backup-traffic", kind: .postgres)
        let archive = workspace.directory.appendingPathComponent("copy.dump").path
        let backup = try backupDuringTraffic(workspace, to: archive)

        #expect(backup.status == 0, "\(backup.stderr)")
        let line = try #require(backup.stdout.split(separator: "\n").first.map(String.init))
        let match = try #require(line.wholeMatch(of: /backup of (\d+) tasks \(\d+\.\d MB\) to (.+) in \d+\.\d s with .+ \(custom format: restore with pg_restore\); audit anchor through row (\d+)/),
                                 "\(line)")
        #expect(String(match.2) == archive)
        let tasksInArchive = Int(match.1)!
        #expect(tasksInArchive > ORU.mix.count, "the backup ran before any simulated message arrived")

        // README's restore: pg_restore into a new database, the archive's anchor as the host's.
        let restored = try PostgresTestServer.freshDatabase(prefix: "restored")
        let restore = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/env"), ["pg_restore", "--no-owner", "--dbname=\(restored)", archive])
        #expect(restore.status == 0, "\(restore.stderr)")
        let host = workspace.directory.appendingPathComponent("restoring-host")
        let anchors = host.appendingPathComponent("share/carequeue/postgres")
        try FileManager.default.createDirectory(at: anchors, withIntermediateDirectories: true)
        let hostAnchor = try PostgresURL.parse(restored).localPath(in: anchors.path) + "-audit-anchor"
        try FileManager.default.copyItem(atPath: archive + "-audit-anchor", toPath: hostAnchor)
        let environment = ["USER": "alice", "HOME": host.path, "XDG_DATA_HOME": host.appendingPathComponent("share").path]
        func onRestored(_ arguments: [String]) throws -> ProcessResult {
            try Subprocess.carequeue(arguments + ["--db", restored] + workspace.common, environment: environment)
        }

        let listed = try onRestored(["tasks", "list", "--status", "all", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rows.count == tasksInArchive, "the count is the archive's own snapshot")
        let verified = try onRestored(["audit", "verify"])
        #expect(verified.status == 0, "\(verified.stdout) \(verified.stderr)")
        #expect(verified.stdout.hasPrefix("audit chain intact: \(match.3) rows, anchored through the newest"), "\(verified.stdout)")
        // The source records the backup and still verifies.
        let audited = try workspace.run(["audit", "list", "--action", "backup", "--json"])
        #expect(audited.stdout.contains(archive), "\(audited.stdout)")
        #expect(try workspace.run(["audit", "verify"]).status == 0)
    }

    @Test("refusals: an existing file without --force, a missing directory, a missing database")
    func refusals() throws {
        let workspace = try LifecycleWorkspace(label: "backup-refusals")
        try workspace.ingest([ORU.mix[0]])
        let copy = workspace.directory.appendingPathComponent("copy.sqlite").path
        #expect(try workspace.run(["backup", copy]).status == 0)

        let again = try workspace.run(["backup", copy])
        #expect(again.status == 1)
        #expect(again.stderr.contains("\(copy) already exists; pass --force to replace it"), "\(again.stderr)")
        let forced = try workspace.run(["backup", copy, "--force"])
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try run(["audit", "verify"], on: copy, workspace).status == 0)

        let nowhere = workspace.directory.appendingPathComponent("nowhere").path
        let missing = try workspace.run(["backup", nowhere + "/copy.sqlite"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot back up into \(nowhere): no such directory"), "\(missing.stderr)")

        let absent = workspace.directory.appendingPathComponent("absent.sqlite").path
        let noSource = try Subprocess.carequeue(["backup", copy + "2", "--db", absent])
        #expect(noSource.status == 1)
        #expect(noSource.stderr.contains("no database at \(absent)"), "\(noSource.stderr)")
        #expect(!FileManager.default.fileExists(atPath: copy + "2"))
    }
}
