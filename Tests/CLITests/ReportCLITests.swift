import Foundation
import StoreFixtures
import TestSupport
import Testing

@Suite("carequeue report")
struct ReportCLITests {
    static let periodFigures: Set = ["results", "critical_acknowledged_within_window_rate", "median_first_action_s",
                                     "failed_contact_per_1000", "documented_close_rate"]
    static let asOfFigures: Set = ["open", "overdue", "critical_open", "escalated", "oldest_age_s", "median_age_s",
                                   "within_window_rate"]

    static func rows(_ result: ProcessResult) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    @Test("--json: one row per queue, Unassigned first with a null NPI, every field", arguments: StoreKind.available)
    func json(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest(ORU.mix)
        try workspace.run(["tasks", "ack", try workspace.taskID("MRN-CRIT-A")])
        try workspace.run(["escalations", "run", "--as-of", LifecycleWorkspace.isoFromNow(3600 + 5)])

        let report = try workspace.run(["report", "--json", "--as-of", LifecycleWorkspace.isoFromNow(3600 + 10)])

        #expect(report.status == 0, "\(report.stderr)")
        let rows = try Self.rows(report)
        let columns = Set(["provider_npi", "provider", "unassigned"]).union(Self.asOfFigures).union(Self.periodFigures)
        #expect(rows.allSatisfy { Set($0.keys) == columns })
        #expect(rows.first?["provider_npi"] is NSNull)
        #expect(rows.first?["provider"] as? String == "Unassigned")
        #expect(rows.first?["unassigned"] as? Bool == true)
        #expect(rows.first?["open"] as? Int == 2)
        #expect(rows.first?["critical_open"] as? Int == 1)
        #expect(rows.first?["escalated"] as? Int == 2)
        #expect(rows.first?["overdue"] as? Int == 1)
        #expect((rows.first?["oldest_age_s"] as? Int ?? 0) >= 3600)
        // The Unassigned critical was never acknowledged and its 30 min are over.
        #expect(rows.first?["results"] as? Int == 2)
        #expect(rows.first?["critical_acknowledged_within_window_rate"] as? Double == 0)
        let drA = try #require(rows.first { $0["provider_npi"] as? String == LifecycleWorkspace.NPI.drA })
        #expect(drA["provider"] as? String == "Chen, Ada")
        #expect(drA["unassigned"] as? Bool == false)
        #expect(drA["open"] as? Int == 3)
        #expect(drA["critical_open"] as? Int == 1)
        #expect(drA["escalated"] as? Int == 0)
        #expect(drA["within_window_rate"] as? Double == 1)
        #expect(drA["results"] as? Int == 3)
        #expect(drA["critical_acknowledged_within_window_rate"] as? Double == 1)
        #expect((drA["median_first_action_s"] as? Int).map { $0 >= 0 && $0 < 600 } == true)
        #expect(drA["failed_contact_per_1000"] as? Double == 0)
        #expect(drA["documented_close_rate"] is NSNull)
        #expect(rows.contains { $0["provider_npi"] as? String == LifecycleWorkspace.NPI.park && $0["open"] as? Int == 0 })
        #expect(!rows.contains { $0["provider_npi"] as? String == LifecycleWorkspace.NPI.coordinator })
    }

    @Test("--by tier: tier rows without provider fields; --to decides windows; --from/--to bound the results", arguments: StoreKind.available)
    func byTier(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest(ORU.mix)
        try workspace.run(["tasks", "ack", try workspace.taskID("MRN-CRIT-A")])
        try workspace.run(["tasks", "attempt", try workspace.taskID("MRN-ABN-A"), "--outcome", "no-answer"])

        let soon = try workspace.run(["report", "--by", "tier", "--json", "--to", LifecycleWorkspace.isoFromNow(60)])
        let later = try workspace.run(["report", "--by", "tier", "--json", "--to", LifecycleWorkspace.isoFromNow(3600)])
        let empty = try workspace.run(["report", "--by", "tier", "--json", "--from", LifecycleWorkspace.isoFromNow(3600),
                                       "--to", LifecycleWorkspace.isoFromNow(7200)])

        for result in [soon, later, empty] { #expect(result.status == 0, "\(result.stderr)") }
        let rows = try Self.rows(soon)
        #expect(rows.map { $0["tier"] as? String } == ["critical", "abnormal", "routine"])
        #expect(rows.allSatisfy { Set($0.keys) == Set(["tier"]).union(Self.asOfFigures).union(Self.periodFigures) })
        #expect(rows.map { $0["results"] as? Int } == [2, 2, 1])
        // One critical acknowledged in time; the other's window still runs a minute in, is over an hour in.
        #expect(rows[0]["critical_acknowledged_within_window_rate"] as? Double == 1)
        #expect(try Self.rows(later)[0]["critical_acknowledged_within_window_rate"] as? Double == 0.5)
        #expect(rows[1]["failed_contact_per_1000"] as? Double == 500)
        let none = try Self.rows(empty)
        #expect(none.map { $0["results"] as? Int } == [0, 0, 0])
        #expect(none.allSatisfy { $0["critical_acknowledged_within_window_rate"] is NSNull && $0["failed_contact_per_1000"] is NSNull })
    }

    @Test("--by coordinator --csv: a row per roster coordinator, and one for queues nobody is named for", arguments: StoreKind.available)
    func byCoordinator(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest(ORU.mix)
        let roster = try workspace.run(["roster", "import", try workspace.file("coordinators.csv", """
            npi,name,role,supervisor_npi,login,coordinators
            \(LifecycleWorkspace.NPI.drA),"Chen, Ada",physician,\(LifecycleWorkspace.NPI.drO),,cal
            \(LifecycleWorkspace.NPI.coordinator),Cal Reyes,coordinator,,cal,

            """)])
        #expect(roster.status == 0, "\(roster.stderr)")

        let report = try workspace.run(["report", "--by", "coordinator", "--csv", "--from", "2026-01-01"])

        #expect(report.status == 0, "\(report.stderr)")
        let lines = report.stdout.components(separatedBy: "\r\n")
        #expect(lines[0] == "coordinator,coordinator_name,open,overdue,critical_open,escalated,oldest_age_s,median_age_s,"
            + "within_window_rate,results,critical_acknowledged_within_window_rate,median_first_action_s,"
            + "failed_contact_per_1000,documented_close_rate")
        #expect(lines[1].hasPrefix(",,2,"))                     // the Unassigned queue's two
        #expect(lines[2].hasPrefix("cal,Cal Reyes,3,"))          // Dr A's three
        #expect(lines.count == 4 && lines[3].isEmpty)
    }

    @Test("--csv has the provider columns with RFC 4180 quoting; text names queues as tasks list does", arguments: StoreKind.available)
    func csvAndText(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest([ORU.mix[0]])

        let csv = try workspace.run(["report", "--csv"])
        let text = try workspace.run(["report", "--from", "2026-01-01", "--to", LifecycleWorkspace.isoFromNow(60)])
        let list = try workspace.run(["tasks", "list"])

        #expect(csv.status == 0, "\(csv.stderr)")
        let lines = csv.stdout.components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("provider_npi,provider,unassigned,open,overdue,critical_open,escalated,oldest_age_s,median_age_s,within_window_rate,results,"))
        #expect(lines[1].hasPrefix(",Unassigned,true,0,0,0,0,,,,0,"))
        #expect(lines.contains { $0.hasPrefix("\(LifecycleWorkspace.NPI.drA),\"Chen, Ada\",false,1,0,1,0,") })
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.hasPrefix("Results received 2026-01-0"))
        let drA = "Chen, Ada (NPI \(LifecycleWorkspace.NPI.drA))"
        #expect(text.stdout.split(separator: "\n").contains { $0.hasPrefix(drA) })
        #expect(text.stdout.split(separator: "\n").contains { $0.hasPrefix("Unassigned ") })
        #expect(list.stdout.split(separator: "\n").contains { $0.hasSuffix(drA) })
    }

    @Test("usage errors name what is wrong", arguments: [
        Named("--json and --csv together", ["--json", "--csv"], ["--json", "--csv"]),
        Named("--from after --to", ["--from", "2026-03-02", "--to", "2026-03-01"], ["--from '2026-03-02'", "--to '2026-03-01'"]),
        Named("--from after --as-of", ["--from", "2026-03-02", "--as-of", "2026-03-01"], ["--from", "--as-of '2026-03-01'"]),
        Named("--from in the future", ["--from", "2999-01-01"], ["--from '2999-01-01'", "--to (now)"]),
        Named("--to not a time", ["--to", "yesterday"], ["--to 'yesterday'"]),
        Named("--from not a time", ["--from", "2026-02-30"], ["--from '2026-02-30'"]),
        Named("--to and --as-of together", ["--to", "2026-03-01", "--as-of", "2026-03-01"], ["--as-of", "--to"]),
        Named("--by something else", ["--by", "ward"], ["ward"]),
    ])
    func usage(_ c: Named<[String], [String]>) throws {
        let workspace = try LifecycleWorkspace()
        let result = try workspace.run(["report"] + c.input)
        #expect(result.status == 64)
        for word in c.expected { #expect(result.stderr.contains(word), "\(result.stderr)") }
    }
}
