import CareQueueStore
import Foundation
import StoreFixtures
import TestSupport
import Testing

@Suite("tasks show and tasks list: what the dashboard shows, in text")
struct TaskShowListCLITests {
    /// A metabolic panel for Dr A whose first OBX is flagged H and whose critical tier comes from the
    /// third, flagged HH.
    static let panel: String = {
        let msh = "MSH|^~\\&|LAB|MAIN|CQ|CLINIC|20260101120000||ORU^R01|P1|P|2.5.1"
        let pid = ORU.segment("PID", [1: "1", 3: "MRN-PANEL^^^HOSP^MR", 5: "Diaz^Rosa", 7: "19700304", 8: "F",
                                      13: "555-0199"])
        let obr = ORU.segment("OBR", [1: "1", 2: "P9", 3: "F9", 4: "24323-8^Basic metabolic panel^LN", 7: "20260101",
                                      16: "\(LifecycleWorkspace.NPI.drA)^Chen^Ada" + String(repeating: "^", count: 10) + "NPI",
                                      25: "F"])
        let observations = [("17861-6", "Calcium", "8.50", "mg/dL", "H"), ("2951-2", "Sodium", "140", "mmol/L", "N"),
                            ("2345-7", "Glucose", "559", "mg/dL", "HH")]
        let obx = observations.enumerated().map { index, observation in
            ORU.segment("OBX", [1: String(index + 1), 2: "NM", 3: "\(observation.0)^\(observation.1)^LN",
                                5: observation.2, 6: observation.3, 8: observation.4, 11: "F"])
        }
        return ([msh, pid, obr] + obx).joined(separator: "\r") + "\r"
    }()

    @Test("tasks list shows the value that set the tier, named as the dashboard's row does, not the first flagged OBX", arguments: StoreKind.available)
    func decidingValue(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest([Self.panel, ORU.mix[1]])
        #expect(try workspace.tasksByMRN()["MRN-PANEL"]?["urgency"] as? String == "critical")

        let listed = try workspace.run(["tasks", "list"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let row = try #require(listed.stdout.split(separator: "\n").first { $0.contains("MRN-PANEL") })
        #expect(row.contains("Glucose 559 HH"), "\(row)")
        #expect(!row.contains("8.50"), "the first flagged observation is not the deciding one: \(row)")
        let single = try #require(listed.stdout.split(separator: "\n").first { $0.contains("MRN-ABN-A") })
        #expect(single.contains("Sodium 150 H"), "\(single)")
    }

    @Test("tasks show names the callback, the contact preference and another's live claim; --json has their fields")
    func workState() throws {
        let workspace = try LifecycleWorkspace()
        try workspace.ingest([ORU.mix[0]])
        let id = try workspace.taskID("MRN-CRIT-A")
        let callback = LifecycleWorkspace.isoFromNow(3 * 3600)
        #expect(try workspace.run(["tasks", "attempt", id, "--outcome", "no-answer", "--callback-at", callback]).status == 0)
        let database = try CareQueueDatabase(path: workspace.db, access: .existing)
        try database.setContactPreference(.letter, forTaskOf: Int64(id)!, by: "kim", at: Date())
        try database.claim(task: Int64(id)!, by: "kim", at: Date(), for: 300)

        let shown = try workspace.run(["tasks", "show", id])
        #expect(shown.status == 0, "\(shown.stderr)")
        let lines = shown.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "Task \(id): critical, acknowledged, callback \(callback)", "\(shown.stdout)")
        // Seconds ago, minutes left: how many depends on how long the command took to start.
        #expect(lines[1].hasPrefix("Claimed by kim · ") && lines[1].contains("s ago · ") && lines[1].hasSuffix("m left"),
                "\(lines[1])")
        #expect(lines.contains { $0.hasPrefix("Patient    Doe, Jan") && $0.hasSuffix("phone 555-0100   prefers letter") },
                "\(shown.stdout)")

        let json = try workspace.run(["tasks", "show", id, "--json"])
        let story = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let listed = try #require(try workspace.tasksByMRN()["MRN-CRIT-A"])
        for field in ["callback_at", "contact_preference", "claimed_by", "claimed_until"] {
            #expect(story[field] as? String != nil, "tasks show --json lacks \(field)")
            #expect(story[field] as? String == listed[field] as? String, "\(field) differs from tasks list --json")
        }
        #expect(story["claimed_by"] as? String == "kim" && story["contact_preference"] as? String == "letter")
        #expect(story["callback_at"] as? String == callback)
    }
}
