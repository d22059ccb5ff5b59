import Foundation
import TestSupport
import Testing

@Suite("carequeue report")
struct ReportCLITests {
    @Test("--json: one row per queue, Unassigned first with a null NPI, every field")
    func json() throws {
        let workspace = try LifecycleWorkspace()
        try workspace.ingest(ORU.mix)
        try workspace.run(["tasks", "ack", try workspace.taskID("MRN-CRIT-A")])
        try workspace.run(["escalations", "run", "--as-of", LifecycleWorkspace.isoFromNow(3600 + 5)])

        let report = try workspace.run(["report", "--json", "--as-of", LifecycleWorkspace.isoFromNow(3600 + 10)])

        #expect(report.status == 0, "\(report.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [[String: Any]])
        let columns: Set = ["provider_npi", "provider", "open", "overdue", "critical_open", "escalated", "oldest_age_s",
                            "median_age_s", "within_window_rate"]
        #expect(rows.allSatisfy { Set($0.keys) == columns })
        #expect(rows.first?["provider_npi"] is NSNull)
        #expect(rows.first?["provider"] as? String == "Unassigned")
        #expect(rows.first?["open"] as? Int == 2)
        #expect(rows.first?["critical_open"] as? Int == 1)
        #expect(rows.first?["escalated"] as? Int == 2)
        #expect(rows.first?["overdue"] as? Int == 1)
        #expect((rows.first?["oldest_age_s"] as? Int ?? 0) >= 3600)
        let drA = try #require(rows.first { $0["provider_npi"] as? String == LifecycleWorkspace.NPI.drA })
        #expect(drA["provider"] as? String == "Chen, Ada")
        #expect(drA["open"] as? Int == 3)
        #expect(drA["critical_open"] as? Int == 1)
        #expect(drA["escalated"] as? Int == 0)
        #expect(drA["within_window_rate"] as? Double == 1)
        #expect(rows.contains { $0["provider_npi"] as? String == LifecycleWorkspace.NPI.park && $0["open"] as? Int == 0 })
        #expect(!rows.contains { $0["provider_npi"] as? String == LifecycleWorkspace.NPI.coordinator })
    }

    @Test("--csv has the same columns with RFC 4180 quoting")
    func csv() throws {
        let workspace = try LifecycleWorkspace()
        try workspace.ingest([ORU.mix[0]])

        let report = try workspace.run(["report", "--csv"])

        #expect(report.status == 0, "\(report.stderr)")
        let lines = report.stdout.components(separatedBy: "\r\n")
        #expect(lines[0] == "provider_npi,provider,open,overdue,critical_open,escalated,oldest_age_s,median_age_s,within_window_rate")
        #expect(lines[1].hasPrefix(",Unassigned,0,0,0,0,,,"))
        #expect(lines.contains { $0.hasPrefix("\(LifecycleWorkspace.NPI.drA),\"Chen, Ada\",1,0,1,0,") })
    }

    @Test("--json and --csv together are a usage error")
    func both() throws {
        let workspace = try LifecycleWorkspace()
        #expect(try workspace.run(["report", "--json", "--csv"]).status == 64)
    }
}
