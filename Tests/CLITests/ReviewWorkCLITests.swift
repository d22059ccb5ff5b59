import Foundation
import StoreFixtures
import TestSupport
import Testing

/// Refused messages as work, through the real `listen` + `send` and the `review` commands.
@Suite("Review list as work end to end")
struct ReviewWorkCLITests {
    /// A critical potassium for Dr A sent as a training message (MSH-11 `T`): refused AR 202 by default.
    static let training = ORU.message("T1", mrn: "MRN-TRAIN", filler: "1", value: "6.9", flag: "HH",
                                      npi: LifecycleWorkspace.NPI.drA).replacingOccurrences(of: "|P|2.5.1", with: "|T|2.5.1")
    /// Refused too, carrying a bell, an escape sequence that would turn a terminal red, and a 400-character note.
    static let hostile = ORU.message("H1", mrn: "MRN-HOSTILE", filler: "2", value: "4.1", flag: "N", npi: nil)
        .replacingOccurrences(of: "|P|2.5.1", with: "|T|2.5.1")
        + "NTE|1||ring\u{07}\u{1B}[31mRED " + String(repeating: "x", count: 400) + "\r"

    private func refusedWorkspace(_ kind: StoreKind) throws -> LifecycleWorkspace {
        let workspace = try LifecycleWorkspace(label: "review-work", kind: kind)
        let roster = try workspace.run(["roster", "import", try workspace.file("roster.csv", LifecycleWorkspace.roster)])
        try #require(roster.status == 0, "\(roster.stderr)")
        let listener = try workspace.listenerProcess()
        let sent = try Subprocess.carequeue(["send", "--port", String(listener.port),
                                             try workspace.file("refused.hl7", Self.training + "\n" + Self.hostile)])
        listener.stop()
        #expect(sent.stdout.contains("T1 AR") && sent.stdout.contains("H1 AR"), "\(sent.stdout) \(sent.stderr)")
        return workspace
    }

    private func json(_ result: ProcessResult) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stderr)")
    }

    @Test("review show prints one segment per line, control characters visible, long lines wrapped, and is audited as a view", arguments: StoreKind.available)
    func showEscapes(kind: StoreKind) throws {
        let workspace = try refusedWorkspace(kind)

        let shown = try workspace.run(["review", "show", "2"])

        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(!shown.stdout.utf8.contains(0x1B) && !shown.stdout.utf8.contains(0x07))
        #expect(shown.stdout.contains("ring<0x07><0x1B>[31mRED"), "\(shown.stdout)")
        let lines = shown.stdout.split(separator: "\n").map(String.init)
        #expect(lines.allSatisfy { $0.count <= 78 }, "\(lines.map(\.count).max() ?? 0)")
        #expect(lines.contains { $0.hasPrefix("  MSH|^~\\&|LAB|MAIN|") && $0.hasSuffix("<CR>") })
        #expect(lines.contains { $0.hasPrefix("  NTE|1||ring") })
        #expect(lines.contains { $0.hasPrefix("      xxxx") }, "the long NTE continues on indented lines")
        #expect(shown.stdout.contains("processing id \"T\""))
        let views = try json(try workspace.run(["audit", "list", "--action", "message.viewed", "--json"]))
        #expect(views.count == 1)
        let details = views.first?["details"] as? [String: Any]
        #expect(details?["message_id"] as? String == "2")
        #expect(details?["via"] as? String == "review show")
        #expect(views.first?["user"] as? String == "alice")

        let shownJSON = try workspace.run(["review", "show", "2", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(shownJSON.stdout.utf8)) as? [String: Any])
        let segments = try #require(object["segments"] as? [String])
        #expect(segments.map { String($0.prefix(4)) } == ["MSH|", "PID|", "OBR|", "OBX|", "NTE|"])
        #expect(segments.last?.hasPrefix("NTE|1||ring<0x07><0x1B>[31mRED xxx") == true)
        #expect(object["error_code"] as? Int == 202)
        #expect(try json(try workspace.run(["audit", "list", "--action", "message.viewed", "--json"])).count == 2)

        let missing = try workspace.run(["review", "show", "99"])
        #expect(missing.status != 0 && missing.stderr.contains("message 99 is not on the review list"), "\(missing.stderr)")
    }

    @Test("replay after a processing_ids fix makes the task; twice is refused; resolve closes the other; list --all keeps both", arguments: StoreKind.available)
    func replayAndResolve(kind: StoreKind) throws {
        let workspace = try refusedWorkspace(kind)

        let unfixed = try workspace.run(["review", "replay", "1"])
        #expect(unfixed.status != 0)
        #expect(unfixed.stderr.contains("message 1 is still refused (AR 202 at MSH^1^11)"), "\(unfixed.stderr)")

        let config = try workspace.file("fixed.toml", "[listener]\nprocessing_ids = [\"P\", \"T\"]\n")
        let replayed = try workspace.run(["review", "replay", "1", "--config", config])
        #expect(replayed.status == 0, "\(replayed.stderr)")
        #expect(replayed.stdout.contains("message 1 replayed as message 3: task "), "\(replayed.stdout)")
        let task = try #require(try workspace.tasksByMRN()["MRN-TRAIN"])
        #expect(task["urgency"] as? String == "critical")
        #expect(task["assigned_npi"] as? String == LifecycleWorkspace.NPI.drA)

        let twice = try workspace.run(["review", "replay", "1", "--config", config])
        #expect(twice.status != 0 && twice.stderr.contains("message 1 was already resolved"), "\(twice.stderr)")
        #expect(twice.stderr.contains("replayed as message 3"))

        let resolved = try workspace.run(["review", "resolve", "2", "--note", "training feed"], user: "bob")
        #expect(resolved.status == 0, "\(resolved.stderr)")
        let blank = try workspace.run(["review", "resolve", "2", "--note", "  "])
        #expect(blank.status != 0 && blank.stderr.contains("--note"))

        #expect(try json(try workspace.run(["review", "list", "--json"])).isEmpty)
        let all = try json(try workspace.run(["review", "list", "--all", "--json"]))
        #expect(all.map { $0["id"] as? Int } == [1, 2])
        #expect(all.first?["replayed_as"] as? Int == 3)
        #expect(all.last?["resolved_by"] as? String == "bob")
        #expect(all.last?["resolution_note"] as? String == "training feed")
        let audit = try json(try workspace.run(["audit", "list", "--json"]))
        let actions = audit.compactMap { $0["action"] as? String }
        #expect(actions.contains("message.replay_refused") && actions.contains("message.replayed")
                && actions.contains("message.resolved"), "\(actions)")
        #expect(try workspace.run(["audit", "verify"]).status == 0)
    }
}
