import Foundation
import StoreFixtures
import TestSupport
import Testing

/// The review clock through the real `listen` + `send`, `escalations run` and `review list`.
@Suite("Review clock end to end")
struct ReviewClockCLITests {
    private func json(_ result: ProcessResult) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    /// A workspace whose message 1 was refused (a training message, AR 202); its receipt time.
    private func refusedWorkspace(_ kind: StoreKind) throws -> (LifecycleWorkspace, Date) {
        let workspace = try LifecycleWorkspace(label: "review-clock", kind: kind)
        let roster = try workspace.run(["roster", "import", try workspace.file("roster.csv", LifecycleWorkspace.roster)])
        try #require(roster.status == 0, "\(roster.stderr)")
        let listener = try workspace.listenerProcess()
        let sent = try Subprocess.carequeue(["send", "--port", String(listener.port),
                                             try workspace.file("refused.hl7", ReviewWorkCLITests.training)])
        listener.stop()
        #expect(sent.stdout.contains("T1 AR"), "\(sent.stdout) \(sent.stderr)")
        let list = try #require(try json(try workspace.run(["review", "list", "--json"])) as? [[String: Any]])
        let received = try #require(list.first?["received_at"] as? String)
        return (workspace, try #require(ISO8601DateFormatter().date(from: received)))
    }

    private static func iso(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

    @Test("a refused message escalates to the coordinators at receipt + 1h, once; JSON, text, review list and audit agree", arguments: StoreKind.available)
    func escalatesOnce(kind: StoreKind) throws {
        let (workspace, received) = try refusedWorkspace(kind)
        let due = received.addingTimeInterval(3600)

        let early = try workspace.run(["escalations", "run", "--as-of", Self.iso(due.addingTimeInterval(-1)), "--json"])
        #expect(early.status == 0, "\(early.stderr)")
        let earlyObject = try #require(try json(early) as? [String: Any])
        #expect((earlyObject["refused_messages"] as? [Any])?.isEmpty == true, "a second early: nothing")

        let run = try workspace.run(["escalations", "run", "--as-of", Self.iso(due), "--json"])

        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try json(run) as? [String: Any])
        let refused = try #require(object["refused_messages"] as? [[String: Any]])
        #expect(refused.count == 1)
        #expect(Set(refused[0].keys) == ["message_id", "level", "due_at", "recorded_at", "target", "target_npis", "reason"])
        #expect(refused[0]["message_id"] as? Int == 1)
        #expect(refused[0]["level"] as? Int == 1)
        #expect(refused[0]["due_at"] as? String == Self.iso(due))
        #expect(refused[0]["target"] as? String == "care coordinators")
        #expect(refused[0]["target_npis"] as? [String] == [LifecycleWorkspace.NPI.coordinator])
        let reason = try #require(refused[0]["reason"] as? String)
        #expect(reason.hasPrefix("Refused message 1 from LAB / MAIN open 1 h: processing id \"T\""), "\(reason)")

        let again = try workspace.run(["escalations", "run", "--as-of", Self.iso(due)])
        #expect(again.status == 0)
        #expect(again.stdout == "nothing due as of \(Self.iso(due))\n", "a second run records nothing")

        let list = try #require(try json(try workspace.run(["review", "list", "--json"])) as? [[String: Any]])
        #expect(list.first?["escalated_at"] as? String == Self.iso(due))
        let text = try workspace.run(["review", "list"])
        #expect(text.stdout.contains("ESCALATED") && text.stdout.contains(Self.iso(due)), "\(text.stdout)")

        let audit = try #require(try json(try workspace.run(["audit", "list", "--action", "message.escalated", "--json"]))
                                 as? [[String: Any]])
        #expect(audit.count == 1)
        let details = audit.first?["details"] as? [String: Any]
        #expect(details?["message_id"] as? String == "1")
        #expect(details?["target"] as? String == "care coordinators")
        let verify = try workspace.run(["audit", "verify"])
        #expect(verify.status == 0, "\(verify.stdout) \(verify.stderr)")
    }

    @Test("escalations run prints the message line and counts it; a message resolved in time never escalates", arguments: StoreKind.available)
    func textAndResolved(kind: StoreKind) throws {
        let (workspace, received) = try refusedWorkspace(kind)
        let due = Self.iso(received.addingTimeInterval(3600))

        let run = try workspace.run(["escalations", "run", "--as-of", due])

        #expect(run.stdout.contains("message 1: level 1 → care coordinators (due \(due)): Refused message 1 from LAB / MAIN"),
               "\(run.stdout)")
        #expect(run.stdout.contains("1 review-list message escalated as of \(due)"), "\(run.stdout)")

        let (other, otherReceived) = try refusedWorkspace(kind)
        let resolved = try other.run(["review", "resolve", "1", "--note", "training feed"])
        #expect(resolved.status == 0, "\(resolved.stderr)")
        let later = try other.run(["escalations", "run", "--as-of", Self.iso(otherReceived.addingTimeInterval(7200))])
        #expect(!later.stdout.contains("message 1:"), "\(later.stdout)")
    }
}
