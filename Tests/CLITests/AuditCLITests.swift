import Foundation
import StoreFixtures
import TestSupport
import Testing

@Suite("carequeue audit verify / list")
struct AuditCLITests {
    @Test("verify passes on an untouched database and names the row edited behind its back", arguments: StoreKind.available)
    func tamper(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest(ORU.mix)
        try workspace.run(["tasks", "ack", try workspace.taskID("MRN-CRIT-A")])
        try workspace.run(["escalations", "run", "--as-of", LifecycleWorkspace.isoFromNow(3600 + 5)])

        let intact = try workspace.run(["audit", "verify"])
        #expect(intact.status == 0, "\(intact.stderr)")
        #expect(intact.stdout.hasPrefix("audit chain intact: "))
        let count = try workspace.scalar("SELECT COUNT(*) FROM audit")
        #expect(intact.stdout.hasPrefix("audit chain intact: \(count) rows"))

        let edit = try workspace.behindTheBack(
            sqlite: "DROP TRIGGER audit_no_update; UPDATE audit SET user = 'mallory' WHERE seq = 3;",
            postgres: "ALTER TABLE audit DISABLE TRIGGER audit_no_update; UPDATE audit SET \"user\" = 'mallory' WHERE seq = 3;")
        #expect(edit.status == 0, "\(edit.stderr)")

        let broken = try workspace.run(["audit", "verify"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("audit chain broken at row 3: its content does not match its hash"))
    }

    @Test("a keyed chain needs its key file; with it, an edited row still fails", arguments: StoreKind.available)
    func keyed(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        let key = workspace.directory.appendingPathComponent("audit.key")
        try Data((0..<32).map { UInt8($0 * 7 % 256) }).write(to: key)
        let config = try workspace.file("config.toml", "[audit]\nkey_file = \"\(key.path)\"\n")
        workspace.common = ["--config", config]
        try workspace.ingest(ORU.mix)
        try workspace.run(["tasks", "ack", try workspace.taskID("MRN-CRIT-A")])

        let intact = try workspace.run(["audit", "verify"])
        #expect(intact.status == 0, "\(intact.stderr)")
        #expect(intact.stdout.contains("HMAC-SHA-256"))

        workspace.common = []
        let keyless = try workspace.run(["audit", "verify"])
        #expect(keyless.status == 1)
        #expect(keyless.stderr.contains("this audit chain is keyed: pass the key file"))
        let withFlag = try workspace.run(["audit", "verify", "--key-file", key.path])
        #expect(withFlag.status == 0)
        let action = try workspace.run(["tasks", "ack", try workspace.taskID("MRN-CRIT-U")])
        #expect(action.status == 1)
        #expect(action.stderr.contains("is keyed: set [audit] key_file"))

        let edit = try workspace.behindTheBack(
            sqlite: "DROP TRIGGER audit_no_update; UPDATE audit SET details = '{}' WHERE seq = 2;",
            postgres: "ALTER TABLE audit DISABLE TRIGGER audit_no_update; UPDATE audit SET details = '{}' WHERE seq = 2;")
        #expect(edit.status == 0, "\(edit.stderr)")
        let broken = try workspace.run(["audit", "verify", "--key-file", key.path])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("audit chain broken at row 2"))
    }

    @Test("a short key file is a clear error", arguments: StoreKind.available)
    func shortKey(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest([ORU.mix[0]])
        let key = try workspace.file("short.key", "0123456789")
        let result = try workspace.run(["audit", "verify", "--key-file", key])
        #expect(result.status == 1)
        #expect(result.stderr.contains("holds 10 bytes; it needs at least 32 random bytes"))
    }

    @Test("list --json rows have seq, at, user, os_user, os_user_name, action, task_id, details and hash; --task filters", arguments: StoreKind.available)
    func list(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest(Array(ORU.mix.prefix(2)))
        let id = try workspace.taskID("MRN-CRIT-A")
        try workspace.run(["tasks", "ack", id], user: "carol")

        let all = try workspace.run(["audit", "list", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [[String: Any]])
        #expect(rows.allSatisfy {
            Set($0.keys) == ["seq", "at", "user", "os_user", "os_user_name", "action", "task_id", "details", "hash"]
        })
        #expect(rows.map { $0["seq"] as? Int } == (1...rows.count).map { $0 })
        let ack = try #require(rows.last)
        #expect(ack["user"] as? String == "carol")
        #expect(ack["action"] as? String == "ack")
        #expect(ack["task_id"] as? Int == Int(id))
        let details = try #require(ack["details"] as? [String: Any])
        #expect((details["before"] as? [String: Any])?["status"] as? String == "open")
        #expect((details["after"] as? [String: Any])?["status"] as? String == "acknowledged")
        #expect((ack["hash"] as? String)?.count == 64)

        let one = try workspace.run(["audit", "list", "--task", id, "--json"])
        let filtered = try #require(try JSONSerialization.jsonObject(with: Data(one.stdout.utf8)) as? [[String: Any]])
        #expect(filtered.allSatisfy { $0["task_id"] as? Int == Int(id) })
        #expect(filtered.count == 2)

        let text = try workspace.run(["audit", "list"])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("SEQ"))
    }
}
