import Foundation
import StoreFixtures
import Testing
import TestSupport

/// Orders through the binary: `simulate` against a listener tracks and matches them; `report` gives
/// their turnaround per test.
@Suite("Orders: simulate and the report's turnaround")
struct OrderTurnaroundCLITests {
    static let files = OrdersCLITests.files
    static let roster = TestPaths.sampleData.appendingPathComponent("roster.csv").path

    static func rows(_ result: ProcessResult) throws -> [[String: Any]] {
        try #require(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    /// SampleData's orders: the glucose (32) resulted by 03, a stat potassium, a CBC (its TSH
    /// cancelled) and a cardiology referral still awaiting.
    static func sampleWorkspace(kind: StoreKind) throws -> LifecycleWorkspace {
        let workspace = try LifecycleWorkspace(label: "orders-report", kind: kind)
        let imported = try workspace.run(["roster", "import", Self.roster])
        try #require(imported.status == 0, "\(imported.stderr)")
        // Ten years for a routine result: only the stat order (2 h) and the referral (30 d) are late by now.
        // Each order's expected time is stored as the listener's rules set it when the order came.
        let config = try workspace.file("turnaround.toml", "[turnaround]\ndefault = \"3650d\"\n")
        let listener = try Listener(arguments: ["listen", "--port", "0", "--db", workspace.db, "--config", config],
                                    environment: workspace.environment())
        let sent = try Subprocess.carequeue(["send", "--port", String(listener.port)]
                                            + Self.files.map { TestPaths.sampleData.appendingPathComponent($0).path })
        listener.stop()
        try #require(sent.status == 0, "\(sent.stdout) \(sent.stderr)")
        workspace.common = ["--config", config]
        return workspace
    }

    @Test("report --by test: per test ordered, resulted, turnaround and the share in time; the text report ends with it",
          arguments: StoreKind.available)
    func reportByTest(kind: StoreKind) throws {
        let workspace = try Self.sampleWorkspace(kind: kind)

        let rows = try Self.rows(try workspace.run(["report", "--by", "test", "--json", "--from", "2026-01-01"]))
        let csv = try workspace.run(["report", "--by", "test", "--csv", "--from", "2026-01-01"])
        let text = try workspace.run(["report", "--from", "2026-01-01"])

        #expect(rows.map { $0["test_code"] as? String ?? "-" } == ["15074-8", "58410-2", "6298-4", "CARD", "-"])
        #expect(rows.allSatisfy { Set($0.keys) == ["kind", "test_code", "test", "ordered", "resulted", "median_turnaround_s",
                                                   "p90_turnaround_s", "resulted_in_time_rate", "awaiting", "overdue"] })
        let glucose = rows[0]
        #expect(glucose["kind"] as? String == "order" && glucose["test"] as? String == "Glucose")
        #expect(glucose["ordered"] as? Int == 1 && glucose["resulted"] as? Int == 1 && glucose["awaiting"] as? Int == 0)
        // Ordered 2026-01-14T07:00Z, resulted when 03 arrived (now): months.
        #expect((glucose["median_turnaround_s"] as? Int ?? 0) > 30 * 86_400)
        #expect(glucose["p90_turnaround_s"] as? Int == glucose["median_turnaround_s"] as? Int)
        #expect(glucose["resulted_in_time_rate"] as? Double == 1)
        #expect(rows[1]["resulted_in_time_rate"] is NSNull, "the CBC awaits within its ten years: undecided")
        #expect(rows[2]["overdue"] as? Int == 1 && rows[2]["resulted_in_time_rate"] as? Double == 0, "the stat potassium")
        #expect(rows[3]["kind"] as? String == "referral" && rows[3]["overdue"] as? Int == 1)
        let all = rows[4]
        #expect(all["kind"] is NSNull && all["test"] as? String == "All")
        #expect(all["ordered"] as? Int == 4, "the cancelled TSH is left out")
        #expect(all["resulted"] as? Int == 1 && all["awaiting"] as? Int == 3 && all["overdue"] as? Int == 2)
        #expect(all["resulted_in_time_rate"] as? Double == 0.3333)

        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.components(separatedBy: "\r\n")
        #expect(lines[0] == "kind,test_code,test,ordered,resulted,median_turnaround_s,p90_turnaround_s,resulted_in_time_rate,awaiting,overdue")
        #expect(lines[5].hasPrefix(",,All,4,1,") && lines[5].hasSuffix(",0.3333,3,2"), "\(lines)")

        #expect(text.status == 0, "\(text.stderr)")
        let textLines = text.stdout.split(separator: "\n")
        #expect(textLines.contains { $0.hasPrefix("Orders placed 2026-01-0") && $0.hasSuffix("turnaround by test") }, "\(text.stdout)")
        #expect(textLines.contains { $0.hasPrefix("TEST ") && $0.contains("P90") && $0.contains("IN TIME") })
        #expect(textLines.contains { $0.hasPrefix("Glucose (15074-8) ") && $0.contains("100%") })
        #expect(textLines.contains { $0.hasPrefix("Referral: Cardiology") })
        #expect(textLines.last.map { $0.hasPrefix("All ") && $0.contains("33%") } == true, "\(text.stdout)")
    }

    @Test("report with nothing ordered in the period says so; --by test with a period before any order is empty",
          arguments: StoreKind.available)
    func nothingOrdered(kind: StoreKind) throws {
        let workspace = try Self.sampleWorkspace(kind: kind)
        let text = try workspace.run(["report", "--by", "test", "--from", "2025-01-01", "--to", "2025-06-01"])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasSuffix("(none)\n"), "\(text.stdout)")
        #expect(try Self.rows(try workspace.run(["report", "--by", "test", "--json", "--to", "2026-01-01"])).isEmpty)
    }

    @Test("simulate against a listener: its orders are tracked and most are matched by their results",
          arguments: StoreKind.available)
    func simulateTracksOrders(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(label: "simulate-orders", kind: kind)
        let imported = try workspace.run(["roster", "import", Self.roster])
        try #require(imported.status == 0, "\(imported.stderr)")
        let listener = try Listener(arguments: ["listen", "--port", "0", "--db", workspace.db], environment: workspace.environment())
        let simulated = try Subprocess.carequeue(["simulate", "--port", String(listener.port), "--count", "240", "--rate", "1000",
                                                  "--seed", "17", "--roster", Self.roster])
        listener.stop()
        #expect(simulated.status == 0, "\(simulated.stderr)")
        let acks = simulated.stdout.split(separator: "\n")
        #expect(acks.count == 240 && acks.allSatisfy { $0.hasSuffix(" AA") }, "\(simulated.stdout)")

        let orders = try Self.rows(try workspace.run(["orders", "list", "--state", "all", "--limit", "1000", "--json"]))
        let byState = Dictionary(grouping: orders.filter { $0["kind"] as? String == "order" }) { $0["state"] as? String ?? "" }
        let resulted = (byState["final"] ?? []) + (byState["preliminary"] ?? [])
        #expect(resulted.count > 40, "\(byState.mapValues(\.count))")
        #expect(resulted.allSatisfy { $0["result_task_id"] as? Int != nil && $0["resulted_at"] is String })
        #expect((byState["ordered"] ?? []).count >= 3, "never resulted, late, or not yet due: \(byState.mapValues(\.count))")
        #expect(resulted.count > 3 * (byState["ordered"] ?? []).count)
        #expect(orders.contains { $0["stat"] as? Bool == true })

        let none = try Subprocess.carequeue(["simulate", "--orders", "1.5", "--count", "1"])
        #expect(none.status == 64 && none.stderr.contains("--orders must be a share between 0 and 1"), "\(none.stderr)")
    }
}
