import Foundation
import StoreFixtures
import TestSupport
import Testing

@Suite("carequeue escalations run")
struct EscalationCLITests {
    @Test("an hour later: critical tasks at level 2, Unassigned escalated, assigned abnormal and routine untouched", arguments: StoreKind.available)
    func anHourLater(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest(ORU.mix)
        let asOf = LifecycleWorkspace.isoFromNow(3600 + 5)

        let run = try workspace.run(["escalations", "run", "--as-of", asOf])

        #expect(run.status == 0, "\(run.stderr)")
        let tasks = try workspace.tasksByMRN()
        #expect(tasks["MRN-CRIT-A"]?["escalation_level"] as? Int == 2)
        #expect(tasks["MRN-CRIT-U"]?["escalation_level"] as? Int == 2)
        #expect(tasks["MRN-ABN-U"]?["escalation_level"] as? Int == 1)
        #expect(tasks["MRN-ABN-A"]?["escalation_level"] as? Int == 0)
        #expect(tasks["MRN-ROUT-A"]?["escalation_level"] as? Int == 0)
        let critA = try workspace.taskID("MRN-CRIT-A")
        #expect(run.stdout.contains("task \(critA): level 2 → supervisor Okafor, Bo"))
        #expect(run.stdout.contains("→ charge nurse"))
        #expect(run.stdout.contains("as of \(asOf)"))

        let again = try workspace.run(["escalations", "run", "--as-of", asOf])
        #expect(again.status == 0)
        #expect(again.stdout == "nothing due as of \(asOf)\n")
    }

    @Test("--json lists what was recorded", arguments: StoreKind.available)
    func json(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest([ORU.mix[0]])

        let run = try workspace.run(["escalations", "run", "--as-of", LifecycleWorkspace.isoFromNow(3600 + 5), "--json"])

        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let escalations = try #require(object["escalations"] as? [[String: Any]])
        #expect(escalations.map { $0["level"] as? Int } == [1, 2])
        #expect(Set(escalations[0].keys) == ["task_id", "level", "due_at", "recorded_at", "target", "target_npis", "reason"])
        #expect(escalations[0]["target_npis"] as? [String] == [LifecycleWorkspace.NPI.coordinator])
        #expect(object["moves"] as? [Any] != nil)
    }

    @Test("an unreadable --as-of is a usage error; a missing database is an error")
    func wrongUse() throws {
        let workspace = try LifecycleWorkspace()
        let bad = try workspace.run(["escalations", "run", "--as-of", "next tuesday"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--as-of 'next tuesday' is not an ISO 8601 time"))

        let missing = try workspace.run(["escalations", "run"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no database at"))
    }
}
