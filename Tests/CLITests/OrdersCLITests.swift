import Foundation
import StoreFixtures
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

    /// A fresh workspace with SampleData's roster, and `files` sent to its listener (run with
    /// `configuration` when given); returns what `send` said.
    static func sent(_ files: [String], label: String, configuration: String? = nil,
                     kind: StoreKind = .sqlite) throws -> (LifecycleWorkspace, ProcessResult) {
        let workspace = try LifecycleWorkspace(label: label, kind: kind)
        let roster = try workspace.run(["roster", "import", TestPaths.sampleData.appendingPathComponent("roster.csv").path])
        try #require(roster.status == 0, "\(roster.stderr)")
        var listen = ["listen", "--port", "0", "--db", workspace.db]
        if let configuration { listen += ["--config", try workspace.file("listen.toml", configuration)] }
        let listener = try Listener(arguments: listen, environment: workspace.environment())
        defer { listener.stop() }
        let sent = try Subprocess.carequeue(["send", "--port", String(listener.port)]
                                            + files.map { TestPaths.sampleData.appendingPathComponent($0).path })
        return (workspace, sent)
    }

    @Test("orders list shows what awaits its result; --state all every order; show gives the timeline; tasks show names the order",
          arguments: StoreKind.available)
    func lifecycle(kind: StoreKind) throws {
        // With a ten-year default, only the stat order (2 h) and the referral (30 d) are late by now.
        let (workspace, sent) = try Self.sent(Self.files, label: "orders-cli", configuration: "[turnaround]\ndefault = \"3650d\"\n",
                                              kind: kind)
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

        // Expected times are stored as the listener's rules set them: a later configuration does not move them.
        let late = try Self.json(workspace, ["orders", "list", "--overdue"])
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

    @Test("orders, then some results; a later sweep makes exactly the unresulted ones tasks in their providers' queues; a late result closes one",
          arguments: StoreKind.available)
    func missingResults(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(label: "orders-missing", kind: kind)
        let roster = try workspace.run(["roster", "import", TestPaths.sampleData.appendingPathComponent("roster.csv").path])
        try #require(roster.status == 0, "\(roster.stderr)")
        let listener = try Listener(arguments: ["listen", "--port", "0", "--db", workspace.db],
                                    environment: workspace.environment())
        defer { listener.stop() }
        let sent = try Subprocess.carequeue(["send", "--port", String(listener.port)]
                                            + Self.files.map { TestPaths.sampleData.appendingPathComponent($0).path })
        #expect(sent.status == 0, "\(sent.stdout) \(sent.stderr)")

        // A second before the stat potassium's 2 h (ordered 2026-03-01 14:10Z) nothing; at it, that one alone.
        let early = try workspace.run(["escalations", "run", "--as-of", "2026-03-01T16:09:59Z", "--json"])
        #expect(early.status == 0, "\(early.stderr)")
        #expect((try Self.object(early.stdout)["missing_results"] as? [Any])?.isEmpty == true)
        let stat = try Self.object(try workspace.run(["escalations", "run", "--as-of", "2026-03-01T16:10:00Z", "--json"]).stdout)
        let statTasks = try #require(stat["missing_results"] as? [[String: Any]])
        #expect(statTasks.map { $0["assigned_npi"] as? String } == ["1000000020"], "Patel's queue")

        // Years later: every order still unresulted and not cancelled, and only those, has its task.
        let later = try workspace.run(["escalations", "run", "--as-of", "2027-06-01T00:00:00Z"])
        #expect(later.status == 0, "\(later.stderr)")
        let tasks = try Self.json(workspace, ["tasks", "list", "--status", "all"]).filter { $0["kind"] as? String == "missing-result" }
        #expect(tasks.map { $0["test"] as? String ?? "" }.sorted() == [
            "Consult note not received: Cardiology evaluation of exertional chest pain",
            "Result not received: CBC panel - Blood by Automated count",
            "Result not received: Potassium [Moles/volume] in Blood"].sorted(), "\(tasks)")
        let byTest = Dictionary(uniqueKeysWithValues: tasks.map { ($0["test"] as? String ?? "", $0) })
        #expect(byTest["Result not received: Potassium [Moles/volume] in Blood"]?["urgency"] as? String == "critical")
        #expect(byTest["Result not received: CBC panel - Blood by Automated count"]?["urgency"] as? String == "abnormal")

        // The stat potassium's result comes after all: its missing-result task closes on its own.
        let result = try workspace.file("late-k.hl7", [
            "MSH|^~\\&|LAB|CITYLAB|CAREQUEUE|CLINIC|20260301190000||ORU^R01|LATE-K-1|P|2.5.1",
            "PID|1||MRN100040^^^CITYHOSP^MR||TESTPATIENT^ECHO||19590212|F",
            "OBR|1|PL26-2001|F26-9001|6298-4^Potassium^LN|||20260301180000|||||||||1000000020^Patel^Anika^^^^MD^^^^^^NPI||||||20260301185500|||F",
            "OBX|1|NM|6298-4^Potassium^LN||4.1|mmol/L|3.5-5.1|N|||F",
        ].joined(separator: "\r") + "\r")
        let late = try Subprocess.carequeue(["send", "--port", String(listener.port), result])
        #expect(late.status == 0 && late.stdout.hasSuffix("AA\n"), "\(late.stdout) \(late.stderr)")
        let potassium = try #require(byTest["Result not received: Potassium [Moles/volume] in Blood"]?["id"] as? Int)
        // The ACK follows the commit; the task it closes is derived just after (log-first ingest).
        var shown = try workspace.run(["tasks", "show", String(potassium), "--json"])
        let deadline = Date().addingTimeInterval(30)
        while try Self.object(shown.stdout)["status"] as? String != "closed", Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            shown = try workspace.run(["tasks", "show", String(potassium), "--json"])
        }
        #expect(try Self.object(shown.stdout)["status"] as? String == "closed", "\(shown.stdout)")
        let audit = try workspace.run(["audit", "list", "--task", String(potassium), "--action", "task.result-arrived"])
        #expect(audit.stdout.contains("task.result-arrived"), "\(audit.stdout)")

        // People close a missing result with its own outcomes only.
        let cbc = try #require(byTest["Result not received: CBC panel - Blood by Automated count"]?["id"] as? Int)
        let wrong = try workspace.run(["tasks", "close", String(cbc), "--outcome", "reached", "--note", "x"])
        #expect(wrong.status == 1 && wrong.stderr.contains("reached does not close a missing result"), "\(wrong.stderr)")
        let right = try workspace.run(["tasks", "close", String(cbc), "--outcome", "patient-did-not-go", "--note", "rebooked for Monday"])
        #expect(right.status == 0, "\(right.stderr)")
    }

    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }
}
