import CareQueueStore
import Foundation
import StoreFixtures
import TestSupport
import Testing

@Suite("carequeue tasks attempt --callback-at, and callback_at / contact_preference in JSON")
struct CallbackCLITests {
    @Test("--callback-at stores the time, shows in tasks list --json and the audit row; close ends it", arguments: StoreKind.available)
    func callbackAt(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest([ORU.mix[0]])
        let id = try workspace.taskID("MRN-CRIT-A")
        let before = try #require(try workspace.tasksByMRN()["MRN-CRIT-A"])
        #expect(before["callback_at"] is NSNull && before["contact_preference"] is NSNull)

        let at = LifecycleWorkspace.isoFromNow(3 * 3600)
        let done = try workspace.run(["tasks", "attempt", id, "--outcome", "no-answer", "--callback-at", at])
        #expect(done.status == 0, "\(done.stderr)")
        #expect(done.stdout.contains("; callback at "), "\(done.stdout)")
        let task = try #require(try workspace.tasksByMRN()["MRN-CRIT-A"])
        let stored = try #require((task["callback_at"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) })
        let expected = try #require(ISO8601DateFormatter().date(from: at))
        #expect(abs(stored.timeIntervalSince(expected)) < 1)
        let audit = try workspace.run(["audit", "list", "--task", id, "--action", "attempt", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]])
        #expect((rows.last?["details"] as? [String: Any])?["callback_at"] as? String == task["callback_at"] as? String)

        let opening = try workspace.run(["tasks", "attempt", id, "--outcome", "left-message", "--callback-at", "next-opening"])
        #expect(opening.status == 0, "\(opening.stderr)")
        let next = try #require(try workspace.tasksByMRN()["MRN-CRIT-A"])
        let nextAt = try #require((next["callback_at"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) })
        #expect(nextAt > Date() && nextAt < Date().addingTimeInterval(8 * 86_400), "the next opening replaced it")

        try workspace.run(["tasks", "close", id, "--outcome", "portal-message", "--note", "sent"])
        let closed = try workspace.run(["tasks", "list", "--status", "closed", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(closed.stdout.utf8)) as? [[String: Any]])
        #expect(list.first?["callback_at"] is NSNull, "a close ends the callback")
    }

    @Test("bad --callback-at values are usage errors that say what is wrong", arguments: [
        ("2020-01-01T08:00Z", "--callback-at: callback time 2020-01-01T08:00Z is in the past, or next-opening"),
        ("soon", #"--callback-at: callback time "soon" is not a time: type 14:30 or 2026-03-02T09:00 (ISO 8601), or next-opening"#),
    ])
    func badValues(_ value: String, _ message: String) throws {
        let workspace = try LifecycleWorkspace()
        try workspace.ingest([ORU.mix[0]])
        let id = try workspace.taskID("MRN-CRIT-A")
        let result = try workspace.run(["tasks", "attempt", id, "--outcome", "no-answer", "--callback-at", value])
        #expect(result.status == 64)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        let task = try #require(try workspace.tasksByMRN()["MRN-CRIT-A"])
        #expect(task["attempts"] as? Int == 0, "nothing recorded")
    }

    @Test("contact_preference: recorded for the patient, shown in tasks list --json")
    func contactPreference() throws {
        let workspace = try LifecycleWorkspace()
        try workspace.ingest([ORU.mix[0]])
        let id = try workspace.taskID("MRN-CRIT-A")
        let database = try CareQueueDatabase(path: workspace.db, access: .existing)
        try database.setContactPreference(.portal, forTaskOf: Int64(id)!, by: "kim", at: Date())
        let task = try #require(try workspace.tasksByMRN()["MRN-CRIT-A"])
        #expect(task["contact_preference"] as? String == "portal")
    }
}
