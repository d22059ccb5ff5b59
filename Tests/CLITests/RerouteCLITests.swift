import Foundation
import StoreFixtures
import TestSupport
import Testing

@Suite("carequeue roster list, coverage list/end, tasks reroute: re-routing after roster changes")
struct RerouteCLITests {
    typealias NPI = LifecycleWorkspace.NPI

    /// The mix's critical potassium for an NPI not yet on the roster, and one for Dr A.
    static let messages = [ORU.mix[2], ORU.mix[0]]

    @Test("a critical result that came before its provider was on the roster reaches their queue after roster import", arguments: StoreKind.available)
    func criticalBeforeRoster(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest(Self.messages)
        let id = try workspace.taskID("MRN-CRIT-U")
        #expect(try workspace.tasksByMRN()["MRN-CRIT-U"]?["routing"] as? String
                == "Unassigned: NPI \(NPI.notOnRoster) in OBR-16 is not on the roster")

        let imported = try workspace.run(["roster", "import", try workspace.file("newcomer.csv", """
            npi,name,role,supervisor_npi
            \(NPI.notOnRoster),"Ng, Tam",physician,

            """)])

        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("task \(id) moved to \(NPI.notOnRoster): Ng, Tam, matched NPI in OBR-16"))
        let task = try #require(try workspace.tasksByMRN()["MRN-CRIT-U"])
        #expect(task["assigned_npi"] as? String == NPI.notOnRoster)
        #expect(task["routing"] as? String == "Ng, Tam, matched NPI in OBR-16")
        let listed = try workspace.run(["tasks", "list", "--provider", NPI.notOnRoster])
        #expect(listed.stdout.contains("MRN-CRIT-U"))
        let audit = try workspace.run(["audit", "list", "--task", String(id)])
        #expect(audit.stdout.contains("reroute"), "\(audit.stdout) \(audit.stderr)")
    }

    @Test("retiring a provider with active=false: roster list says so and their open tasks go to Unassigned", arguments: StoreKind.available)
    func retire(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest(Self.messages)
        let id = try workspace.taskID("MRN-CRIT-A")

        let imported = try workspace.run(["roster", "import", try workspace.file("leaving.csv", """
            npi,name,role,supervisor_npi,active
            \(NPI.drA),"Chen, Ada",physician,\(NPI.drO),false

            """)])

        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("task \(id) moved to Unassigned: Unassigned: NPI \(NPI.drA) in OBR-16 (Chen, Ada) is retired from the roster"))
        #expect(try workspace.tasksByMRN()["MRN-CRIT-A"]?["assigned_npi"] is NSNull)
        let list = try workspace.run(["roster", "list"])
        #expect(list.status == 0)
        let line = try #require(list.stdout.split(separator: "\n").first { $0.hasPrefix(NPI.drA) })
        #expect(line.hasSuffix("retired"))
        let json = try workspace.run(["roster", "list", "--json"])
        let providers = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(providers.count == 5)
        #expect(providers.first { $0["npi"] as? String == NPI.drA }?["active"] as? Bool == false)
        #expect(providers.first { $0["npi"] as? String == NPI.drO }?["active"] as? Bool == true)

        let bad = try workspace.run(["roster", "import", try workspace.file("bad.csv", """
            npi,name,role,supervisor_npi,active
            \(NPI.drA),"Chen, Ada",physician,,maybe

            """)])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("bad.csv:2: active 'maybe' must be true or false"), "\(bad.stderr)")
    }

    @Test("coverage list shows the coverage in force; coverage end moves the tasks back and lists it ended", arguments: StoreKind.available)
    func coverageEnd(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest(Self.messages)
        let id = try workspace.taskID("MRN-CRIT-A")
        let imported = try workspace.run(["coverage", "import", try workspace.file("coverage.csv", """
            provider_npi,covering_npi,starts_at,ends_at
            \(NPI.drA),\(NPI.park),\(LifecycleWorkspace.isoFromNow(-3600)),\(LifecycleWorkspace.isoFromNow(86_400))

            """)])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("task \(id) moved to \(NPI.park): Park, Nia covering for Chen, Ada"))

        let active = try workspace.run(["coverage", "list", "--active"])
        #expect(active.stdout.contains("Chen, Ada (\(NPI.drA))"))
        #expect(active.stdout.contains("Park, Nia (\(NPI.park))"))
        #expect(active.stdout.contains("active"))

        let ended = try workspace.run(["coverage", "end", NPI.drA])

        #expect(ended.status == 0, "\(ended.stderr)")
        #expect(ended.stdout.contains("coverage of \(NPI.drA) by \(NPI.park) ends at"))
        #expect(ended.stdout.contains("task \(id) moved to \(NPI.drA): Chen, Ada, matched NPI in OBR-16"))
        #expect(try workspace.tasksByMRN()["MRN-CRIT-A"]?["assigned_npi"] as? String == NPI.drA)
        let after = try workspace.run(["coverage", "list", "--active"]).stdout
        #expect(after.hasSuffix("(none)\n"))
        #expect(!after.contains(NPI.drA))
        let json = try workspace.run(["coverage", "list", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["active"] as? Bool == false)
        #expect(Set(rows.first?.keys.map { $0 } ?? []) == ["provider_npi", "covering_npi", "starts_at", "ends_at", "active"])

        let again = try workspace.run(["coverage", "end", NPI.drA])
        #expect(again.status == 1)
        #expect(again.stderr.contains("NPI \(NPI.drA) has no coverage in force at"))
        let badNPI = try workspace.run(["coverage", "end", "123"])
        #expect(badNPI.status == 64)
        #expect(badNPI.stderr.contains("PROVIDER_NPI 123 is not 10 digits"))
        let badTime = try workspace.run(["coverage", "end", NPI.drA, "--at", "soon"])
        #expect(badTime.status == 64)
        #expect(badTime.stderr.contains("--at 'soon' is not an ISO 8601 time"))
    }

    @Test("tasks reroute: says where a task stays, refuses a reassigned task and an unknown id", arguments: StoreKind.available)
    func rerouteOne(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest(Self.messages)
        let unassigned = try workspace.taskID("MRN-CRIT-U")
        let drA = try workspace.taskID("MRN-CRIT-A")

        let stays = try workspace.run(["tasks", "reroute", unassigned])
        #expect(stays.status == 0, "\(stays.stderr)")
        #expect(stays.stdout == "task \(unassigned) stays in Unassigned: Unassigned: NPI \(NPI.notOnRoster) in OBR-16 is not on the roster\n")

        let reassigned = try workspace.run(["tasks", "reassign", drA, "--to", NPI.drO, "--note", "Dr O follows this"])
        #expect(reassigned.status == 0, "\(reassigned.stderr)")
        let refused = try workspace.run(["tasks", "reroute", drA])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("task \(drA) was reassigned by hand to NPI \(NPI.drO); re-routing never undoes that"))

        let unknown = try workspace.run(["tasks", "reroute", "999"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no task with id 999"))
    }
}
