import Foundation
import StoreFixtures
import TestSupport
import Testing

/// `carequeue purge` on one host of a PostgreSQL database, `audit verify` on another: each host has
/// its own anchor (its own HOME), and the prune's checkpoint reaches the other through the database.
@Suite("PostgreSQL: purge on one host, audit verify on another", .enabled(if: PostgresTestServer.shouldRun))
struct PostgresPurgeHostsCLITests {
    @Test("host B prunes the audit trail; host A, which anchored the pruned rows, verifies intact from B's checkpoint")
    func pruneOnOtherHost() throws {
        let (hostA, key) = try LifecycleWorkspace.keyed(label: "pg-purge-a", kind: .postgres)
        hostA.common = ["--config", try hostA.file("config.toml", """
            [audit]
            key_file = "\(key)"

            [retention]
            audit = "3s"

            """)]
        try hostA.ingest(ORU.mix)
        #expect(try hostA.run(["tasks", "ack", try hostA.taskID("MRN-CRIT-A")]).status == 0)
        let anchored = try hostA.run(["audit", "verify"])
        #expect(anchored.status == 0, "\(anchored.stdout) \(anchored.stderr)")
        let hostB = try TestPaths.temporaryDirectory("pg-purge-b")
        defer { try? FileManager.default.removeItem(at: hostB) }
        let onB = { (arguments: [String]) throws -> ProcessResult in
            try Subprocess.carequeue(arguments + ["--db", hostA.db] + hostA.common,
                                     environment: ["USER": "bob", "HOME": hostB.path])
        }

        Thread.sleep(forTimeInterval: 4.2)
        let purge = try onB(["purge", "--before", LifecycleWorkspace.isoFromNow(0)])

        #expect(purge.status == 0, "\(purge.stderr)")
        #expect(purge.stdout.contains("the chain restarts at row"), "\(purge.stdout)")
        for (host, verify) in [("A", try hostA.run(["audit", "verify"])), ("B", try onB(["audit", "verify"]))] {
            #expect(verify.status == 0, "host \(host): \(verify.stdout) \(verify.stderr)")
            #expect(verify.stdout.hasPrefix("audit chain intact: "), "host \(host): \(verify.stdout)")
            #expect(verify.stdout.contains("the chain starts at row"), "host \(host): \(verify.stdout)")
        }
        // Host A's own writes go on anchoring from the checkpoint.
        #expect(try hostA.run(["tasks", "ack", try hostA.taskID("MRN-CRIT-U")]).status == 0)
        #expect(try hostA.run(["audit", "verify"]).status == 0)
    }
}
