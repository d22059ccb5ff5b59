import Foundation
import Testing
import TestSupport

/// Orders and referrals through the real `listen` + `send`, from SampleData, and the `orders` commands.
@Suite("Orders from SampleData through the binary")
struct OrdersCLITests {
    static let files = ["03-abnormal-sn-glucose-h-v24.hl7", "32-order-orm-o01-resulted-v23.hl7", "33-order-oml-o21-stat-v251.hl7",
                        "34-order-orm-two-tests-v24.hl7", "35-order-cancel-ca-v24.hl7", "36-referral-ref-i12-v25.hl7"]

    static func json(_ workspace: LifecycleWorkspace, _ arguments: [String]) throws -> [[String: Any]] {
        let result = try workspace.run(arguments + ["--json"])
        try #require(result.status == 0, "\(arguments): \(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    /// A fresh workspace with SampleData's roster, and `files` sent to its listener; returns what `send` said.
    static func sent(_ files: [String], label: String) throws -> (LifecycleWorkspace, ProcessResult) {
        let workspace = try LifecycleWorkspace(label: label)
        let roster = try workspace.run(["roster", "import", TestPaths.sampleData.appendingPathComponent("roster.csv").path])
        try #require(roster.status == 0, "\(roster.stderr)")
        let listener = try Listener(arguments: ["listen", "--port", "0", "--db", workspace.db])
        defer { listener.stop() }
        let sent = try Subprocess.carequeue(["send", "--port", String(listener.port)]
                                            + files.map { TestPaths.sampleData.appendingPathComponent($0).path })
        return (workspace, sent)
    }

    @Test("orders list shows what awaits its result; --state all every order; show gives the timeline; tasks show names the order")
    func lifecycle() throws {
        let (workspace, sent) = try Self.sent(Self.files, label: "orders-cli")
        #expect(sent.status == 0, "\(sent.stdout) \(sent.stderr)")
        #expect(sent.stdout.split(separator: "\n").allSatisfy { $0.hasSuffix(" AA") }, "\(sent.stdout)")

        let awaiting = try Self.json(workspace, ["orders", "list"])
        #expect(awaiting.map { "\($0["placer_number"] ?? "") \($0["test_code"] ?? "")" }
            == ["PL26-2001 6298-4", "PL26-2002 58410-2", "RF26-0001 CARD"])
        #expect(awaiting.first?["stat"] as? Bool == true && awaiting.last?["kind"] as? String == "referral")

        let all = try Self.json(workspace, ["orders", "list", "--state", "all"])
        #expect(all.map { $0["state"] as? String ?? "" } == ["final", "ordered", "ordered", "cancelled", "ordered"])
        let resulted = try #require(all.first)
        let taskID = try #require(resulted["result_task_id"] as? Int)
        #expect(resulted["filler_number"] as? String == "F26-1003")

        let shown = try workspace.run(["orders", "show", String(resulted["id"] as? Int ?? 0)])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("Ordered by  Ramirez, Jose (NPI 1000000053)"), "\(shown.stdout)")
        #expect(shown.stdout.contains("Timeline    ordered 2026-01-14T07:00:00Z → resulted "), "\(shown.stdout)")
        #expect(shown.stdout.contains("Result      task \(taskID) · open"))

        let task = try workspace.run(["tasks", "show", String(taskID)])
        #expect(task.stdout.contains("Order      PL26-1003: ordered 2026-01-14T07:00:00Z → resulted"), "\(task.stdout)")

        // With a ten-year default, only the stat order (2 h) and the referral (30 d) are late by now.
        let config = try workspace.file("turnaround.toml", "[turnaround]\ndefault = \"3650d\"\n")
        let late = try Self.json(workspace, ["orders", "list", "--overdue", "--config", config])
        #expect(late.map { $0["placer_number"] as? String ?? "" } == ["PL26-2001", "RF26-0001"])
        #expect(late.allSatisfy { $0["overdue"] as? Bool == true })
        #expect(late.first?["expected_by"] as? String == "2026-03-01T16:10:00Z", "ordered 14:10Z, stat 2 h")
        let mixed = try workspace.run(["orders", "list", "--overdue", "--state", "final"])
        #expect(mixed.status == 64, "\(mixed.stderr)")

        let missing = try workspace.run(["orders", "show", "999"])
        #expect(missing.status == 1 && missing.stderr.contains("no tracked order with id 999"))
        let bad = try workspace.run(["orders", "list", "--state", "done"])
        #expect(bad.status == 64 && bad.stderr.contains("--state done is not one of"), "\(bad.stderr)")
    }
}
