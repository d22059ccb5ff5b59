import Foundation
import StoreFixtures
import TestSupport
import Testing

@Suite("carequeue tasks ack / attempt / close / reassign / show")
struct LifecycleCLITests {
    /// One line on stderr, exit 1, naming the problem.
    private func expectRefusal(_ result: ProcessResult, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, "exit status", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.trimmingCharacters(in: .newlines).split(separator: "\n").count == 1,
                "one line: \(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    @Test("the actions work, and every wrong use is a clear one-line error with exit 1", arguments: StoreKind.available)
    func actionsAndWrongUses(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest(ORU.mix)
        let critical = try workspace.taskID("MRN-CRIT-A")
        let abnormal = try workspace.taskID("MRN-ABN-A")
        let unassigned = try workspace.taskID("MRN-ABN-U")

        let ack = try workspace.run(["tasks", "ack", critical])
        #expect(ack.status == 0)
        #expect(ack.stdout == "task \(critical) acknowledged by alice; clock stopped\n")
        expectRefusal(try workspace.run(["tasks", "ack", critical], user: "bob"), "task is already acknowledged by alice at ")

        let first = try workspace.run(["tasks", "attempt", abnormal, "--outcome", "no-answer"], user: "bob")
        #expect(first.status == 0)
        #expect(first.stdout.hasPrefix("task \(abnormal): attempt 1 recorded (no-answer) by bob"))
        let second = try workspace.run(["tasks", "attempt", abnormal, "--outcome", "left-message", "--note", "voicemail",
                                        "--user", "kim"])
        #expect(second.status == 0)
        #expect(second.stdout.contains("attempt 2 recorded (left-message) by kim"))
        #expect(second.stdout.contains("consider a portal message"))

        expectRefusal(try workspace.run(["tasks", "close", abnormal, "--outcome", "reached"]),
                      "closing needs a note documenting the follow-up")
        expectRefusal(try workspace.run(["tasks", "close", abnormal, "--outcome", "not-needed", "--note", "  "]),
                      "closing as not-needed needs a note saying why")
        let close = try workspace.run(["tasks", "close", abnormal, "--outcome", "portal-message", "--note", "sent portal message"])
        #expect(close.status == 0)
        #expect(close.stdout == "task \(abnormal) closed (portal-message) by alice\n")
        expectRefusal(try workspace.run(["tasks", "close", abnormal, "--outcome", "reached", "--note", "x"], user: "bob"),
                      "task is already closed by alice at ")
        expectRefusal(try workspace.run(["tasks", "attempt", abnormal, "--outcome", "no-answer"]), "task is already closed by alice")
        expectRefusal(try workspace.run(["tasks", "ack", abnormal]), "task is already closed by alice")
        expectRefusal(try workspace.run(["tasks", "reassign", abnormal, "--to", LifecycleWorkspace.NPI.park, "--note", "x"]),
                      "task is already closed by alice")

        expectRefusal(try workspace.run(["tasks", "reassign", unassigned, "--to", LifecycleWorkspace.NPI.notOnRoster, "--note", "x"]),
                      "NPI \(LifecycleWorkspace.NPI.notOnRoster) is not on the roster")
        expectRefusal(try workspace.run(["tasks", "reassign", unassigned, "--to", "12345", "--note", "x"]),
                      "NPI 12345 is not on the roster")
        expectRefusal(try workspace.run(["tasks", "reassign", unassigned, "--to", LifecycleWorkspace.NPI.coordinator, "--note", "x"]),
                      "Cal Reyes is a coordinator and has no result queue")
        expectRefusal(try workspace.run(["tasks", "reassign", unassigned, "--to", LifecycleWorkspace.NPI.park]),
                      "reassigning needs a note for the receiving provider")
        let reassign = try workspace.run(["tasks", "reassign", unassigned, "--to", LifecycleWorkspace.NPI.park,
                                          "--note", "NP Park follows sodium"])
        #expect(reassign.status == 0)
        #expect(reassign.stdout == "task \(unassigned) reassigned to Park, Nia (\(LifecycleWorkspace.NPI.park)) by alice\n")
        #expect(try workspace.tasksByMRN()["MRN-ABN-U"]?["assigned_npi"] as? String == LifecycleWorkspace.NPI.park)

        for command in [["ack", "999"], ["attempt", "999", "--outcome", "no-answer"],
                        ["close", "999", "--outcome", "reached", "--note", "x"],
                        ["reassign", "999", "--to", LifecycleWorkspace.NPI.park, "--note", "x"]] {
            expectRefusal(try workspace.run(["tasks"] + command), "no task with id 999")
        }

        let tasks = try workspace.tasksByMRN()
        #expect(tasks["MRN-ABN-A"]?["attempts"] as? Int == 2)
        #expect(tasks["MRN-ABN-A"]?["status"] as? String == "closed")
        #expect(tasks["MRN-CRIT-A"]?["status"] as? String == "acknowledged")
        #expect(tasks["MRN-CRIT-A"]?["due_at"] is NSNull)
    }

    @Test("flags the parser cannot read are usage errors (exit 64)", arguments: [
        ["tasks", "close", "1", "--outcome", "cured", "--note", "x"],
        ["tasks", "attempt", "1", "--outcome", "busy"],
        ["tasks", "close", "1", "--note", "x"],
        ["tasks", "reassign", "1", "--note", "x"],
        ["tasks", "ack", "one"],
    ])
    func usageErrors(_ arguments: [String]) throws {
        let workspace = try LifecycleWorkspace()
        let result = try workspace.run(arguments)
        #expect(result.status == 64)
    }

    @Test("a missing database is an error, not created")
    func missingDatabase() throws {
        let workspace = try LifecycleWorkspace()
        expectRefusal(try workspace.run(["tasks", "ack", "1"]), "no database at")
        #expect(!FileManager.default.fileExists(atPath: workspace.db))
    }

    @Test("two processes closing the same task at once: exactly one wins", arguments: StoreKind.available)
    func concurrentClose(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest([ORU.mix[0]])
        let id = try workspace.taskID("MRN-CRIT-A")

        let alice = try workspace.start(["tasks", "close", id, "--outcome", "reached", "--note", "alice called"], user: "alice")
        let bob = try workspace.start(["tasks", "close", id, "--outcome", "portal-message", "--note", "bob wrote"], user: "bob")
        let results = [alice.finish(), bob.finish()]

        let winners = results.filter { $0.status == 0 }
        let losers = results.filter { $0.status == 1 }
        #expect(winners.count == 1)
        #expect(losers.count == 1)
        let winner = winners.first?.stdout.contains("by alice") == true ? "alice" : "bob"
        #expect(losers.first?.stderr.contains("task is already closed by \(winner) at ") == true, "\(losers.first?.stderr ?? "")")
        let audit = try workspace.run(["audit", "list", "--task", id, "--json"])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]])
        #expect(rows.filter { $0["action"] as? String == "close" }.map { $0["user"] as? String } == [winner])
    }

    @Test("tasks show tells the whole story, as text and JSON", arguments: StoreKind.available)
    func show(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest([ORU.mix[1]])
        let id = try workspace.taskID("MRN-ABN-A")
        try workspace.run(["tasks", "attempt", id, "--outcome", "no-answer"])
        try workspace.run(["tasks", "attempt", id, "--outcome", "wrong-number", "--note", "number disconnected"])

        let text = try workspace.run(["tasks", "show", id])
        #expect(text.status == 0, "\(text.stderr)")
        for expected in ["Doe, Jan", "MRN MRN-ABN-A", "DOB 1980-01-02", "phone 555-0100", "Sodium",
                         "abnormal: OBX-8=H on 2951-2 Sodium 150 mmol/L", "Chen, Ada, matched NPI in OBR-16",
                         "clock stopped", "Attempts (2)", "number disconnected", "consider a portal message",
                         "task.created", "attempt"] {
            #expect(text.stdout.contains(expected), "missing \(expected)")
        }

        let json = try workspace.run(["tasks", "show", id, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["id"] as? Int == Int(id))
        #expect(object["urgency_reason"] as? String == "abnormal: OBX-8=H on 2951-2 Sodium 150 mmol/L")
        #expect(object["attempts"] as? Int == 2)
        #expect((object["attempt_log"] as? [[String: Any]])?.map { $0["outcome"] as? String } == ["no-answer", "wrong-number"])
        #expect(object["suggests_portal_message"] as? Bool == true)
        #expect(object["next_step"] as? String == "clock stopped")
        #expect(object["reopened"] as? Bool == false)
        #expect((object["audit"] as? [[String: Any]])?.count == 3)
        #expect(object["escalations"] as? [Any] != nil)

        expectRefusal(try workspace.run(["tasks", "show", "999"]), "no task with id 999")
    }

    @Test("a correction for a closed task re-opens it, visibly, with a fresh clock", arguments: StoreKind.available)
    func reopened(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(kind: kind)
        try workspace.ingest([ORU.mix[0]])
        let id = try workspace.taskID("MRN-CRIT-A")
        try workspace.run(["tasks", "close", id, "--outcome", "reached", "--note", "told patient"])
        try workspace.ingest([ORU.message("C1-FIX", mrn: "MRN-CRIT-A", filler: "1", value: "7.1", flag: "HH",
                                          npi: LifecycleWorkspace.NPI.drA, resultStatus: "C")])

        let json = try workspace.run(["tasks", "show", id, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "open")
        #expect(object["reopened"] as? Bool == true)
        #expect(object["due_at"] is String)
        #expect(object["closed_by"] is NSNull)
        #expect((object["audit"] as? [[String: Any]])?.contains { $0["action"] as? String == "task.reopened" } == true)
        let text = try workspace.run(["tasks", "show", id])
        #expect(text.stdout.contains("re-opened"))
    }
}
