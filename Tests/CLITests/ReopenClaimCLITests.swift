import CareQueueStore
import Foundation
import StoreFixtures
import TestSupport
import Testing

@Suite("carequeue tasks reopen, and claims in tasks list --json")
struct ReopenClaimCLITests {
    @Test("tasks reopen: a closed task is open again with a new clock and an audit row; wrong uses are one-line errors", arguments: StoreKind.available)
    func reopen(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest([ORU.mix[0]])
        let id = try workspace.taskID("MRN-CRIT-A")

        let open = try workspace.run(["tasks", "reopen", id, "--note", "again"])
        #expect(open.status == 1)
        #expect(open.stderr.contains("task is not closed: only a closed task can be re-opened"), "\(open.stderr)")
        try workspace.run(["tasks", "close", id, "--outcome", "reached", "--note", "told patient"])
        let noNote = try workspace.run(["tasks", "reopen", id])
        #expect(noNote.status == 1)
        #expect(noNote.stderr.contains("re-opening needs a note saying why"), "\(noNote.stderr)")
        #expect(try workspace.run(["tasks", "reopen", "999", "--note", "x"]).stderr.contains("no task with id 999"))
        #expect(try workspace.run(["tasks", "reopen", "--note", "x"]).status == 64, "a missing id is a usage error")

        let started = Date()
        let reopened = try workspace.run(["tasks", "reopen", id, "--note", "patient called back"], user: "bob")
        #expect(reopened.status == 0, "\(reopened.stderr)")
        #expect(reopened.stdout.hasPrefix("task \(id) re-opened by bob; due "), "\(reopened.stdout)")
        let task = try #require(try workspace.tasksByMRN()["MRN-CRIT-A"])
        #expect(task["status"] as? String == "open")
        #expect(task["reopened"] as? Bool == true)
        #expect(task["escalation_level"] as? Int == 0)
        let due = try #require((task["due_at"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) })
        #expect(abs(due.timeIntervalSince(started.addingTimeInterval(30 * 60))) < 5, "a new 30 min clock from now")
        let audit = try workspace.run(["audit", "list", "--task", id, "--action", "task.reopened", "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]])
        #expect(rows.count == 1)
        #expect(rows.first?["user"] as? String == "bob")
        #expect((rows.first?["details"] as? [String: Any])?["note"] as? String == "patient called back")
    }

    @Test("tasks list --json: claimed_by and claimed_until while a claim lives, null otherwise")
    func claimFields() throws {
        let workspace = try LifecycleWorkspace()
        try workspace.ingest([ORU.mix[0], ORU.mix[1]])
        let claimed = try workspace.taskID("MRN-CRIT-A")
        // Another dashboard's claim, written as it writes one.
        let database = try CareQueueDatabase(path: workspace.db, access: .existing)
        let now = Date()
        try database.claim(task: Int64(claimed)!, by: "kim", at: now, for: 300)
        try database.claim(task: Int64(try workspace.taskID("MRN-ABN-A"))!, by: "sam", at: now.addingTimeInterval(-600), for: 300)

        let tasks = try workspace.tasksByMRN()
        let live = try #require(tasks["MRN-CRIT-A"])
        #expect(live["claimed_by"] as? String == "kim")
        let until = try #require((live["claimed_until"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) })
        #expect(abs(until.timeIntervalSince(now.addingTimeInterval(300))) < 2)
        #expect(live["status"] as? String == "open", "a claim is not a status")
        let lapsed = try #require(tasks["MRN-ABN-A"])
        #expect(lapsed["claimed_by"] is NSNull && lapsed["claimed_until"] is NSNull)
    }
}
