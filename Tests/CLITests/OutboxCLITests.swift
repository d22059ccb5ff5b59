import CareQueueCore
import CareQueueStore
import Foundation
import StoreFixtures
import TestSupport
import Testing

/// Issue 16 item 3 through the binary: `outbox list`, `outbox show`, `outbox retry`, and what
/// `tasks show` says about the EHR and sign-off. No delivery runs here: `[outbound]` names a
/// loopback port nothing listens on, and the tests settle rows through the store as a worker would.
@Suite("carequeue outbox list, show and retry")
struct OutboxCLITests {
    static let ack = "MSH|^~\\&|EHR|EAST|CareQueue||20260101120000||ACK|A1|P|2.5.1\rMSA|AE|X|unknown patient\u{1B}[2J\r"

    /// Closures and attempts written back; a critical (task A) and a routine (task B) result for Dr A.
    static func workspace(kind: StoreKind) throws -> LifecycleWorkspace {
        let workspace = try LifecycleWorkspace(label: "carequeue-outbox", kind: kind)
        workspace.common = ["--config", try workspace.file("config.toml", """
            [outbound]
            host = "127.0.0.1"
            port = 9
            events = ["close", "attempt"]
            """)]
        try workspace.ingest([ORU.mix[0], ORU.mix[4]])
        return workspace
    }

    static func json(_ result: ProcessResult) throws -> [[String: Any]] {
        try decoded(result)
    }

    static func object(_ result: ProcessResult) throws -> [String: Any] {
        try decoded(result)
    }

    private static func decoded<T>(_ result: ProcessResult) throws -> T {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? T)
    }

    private func refused(_ result: ProcessResult, _ message: String, status: Int32 = 1,
                         sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == status, "exit status: \(result.stdout)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "\(result.stderr)", sourceLocation: sourceLocation)
    }

    /// Sends row `id` once and records `verdict`, as the delivery worker does.
    static func settle(_ workspace: LifecycleWorkspace, _ id: Int64, _ verdict: DeliveryVerdict) throws {
        let database = try workspace.openStore(access: .existing)
        #expect(try database.beginOutboxSend(id, at: Date()))
        try database.recordOutboxVerdict(id, verdict, at: Date(), retryCap: 60)
    }

    /// Closes task A and attempts task B from the command line; returns the two outbox ids (close, attempt).
    static func twoRows(_ workspace: LifecycleWorkspace) throws -> (close: Int64, attempt: Int64, task: String) {
        let task = try workspace.taskID("MRN-CRIT-A")
        #expect(try workspace.run(["tasks", "close", task, "--outcome", "reached", "--note", "told her"]).status == 0)
        #expect(try workspace.run(["tasks", "attempt", try workspace.taskID("MRN-ROUT-A"), "--outcome", "no-answer"]).status == 0)
        let rows = try json(try workspace.run(["outbox", "list", "--json"]))
        #expect(rows.map { $0["event"] as? String } == ["attempt", "close"], "newest first")
        let ids = rows.compactMap { ($0["id"] as? Int).map(Int64.init) }
        return (ids[1], ids[0], task)
    }

    @Test("list: newest first, every command-line action due at once, filtered by status, windowed with a footer",
          arguments: StoreKind.available)
    func list(kind: StoreKind) throws {
        let workspace = try Self.workspace(kind: kind)
        let rows = try Self.twoRows(workspace)

        let all = try Self.json(try workspace.run(["outbox", "list", "--json"]))
        #expect(all.allSatisfy { $0["status"] as? String == "waiting" && $0["created_at"] as? String == $0["deliverable_at"] as? String },
                "the command line has no undo: nothing is held")
        #expect(all.last?["task_id"] as? Int == Int(rows.task))

        let text = try workspace.run(["outbox", "list"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ID") == true && lines.first?.contains("CONTROL ID") == true)
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("\(rows.attempt) ") && lines[1].contains("attempt") && lines[1].contains("waiting"))
        #expect(lines[2].contains("close") && lines[2].contains("Doe, Jan · Potassium"))

        let windowed = try workspace.run(["outbox", "list", "--limit", "1"])
        #expect(windowed.stdout.hasSuffix("showing the newest 1 of 2 messages (--limit N shows more)\n"), "\(windowed.stdout)")
        #expect(try workspace.run(["outbox", "list", "--status", "failed"]).stdout.contains("(none)"))
        #expect(try Self.json(try workspace.run(["outbox", "list", "--status", "delivered", "--json"])).isEmpty)
        refused(try workspace.run(["outbox", "list", "--status", "lost"]), "lost", status: 64)
        refused(try workspace.run(["outbox", "list", "--limit", "0"]), "--limit must be at least 1", status: 64)
    }

    @Test("show: the fields, the message one segment per line and the ACK as received, control characters visible; audited as a view",
          arguments: StoreKind.available)
    func show(kind: StoreKind) throws {
        let workspace = try Self.workspace(kind: kind)
        let rows = try Self.twoRows(workspace)
        try Self.settle(workspace, rows.close, .refused(code: "AE", ack: Self.ack, reason: "AE: unknown patient"))

        let text = try workspace.run(["outbox", "show", String(rows.close)])
        #expect(text.status == 0, "\(text.stderr)")
        for expected in ["Outbox \(rows.close): close of task \(rows.task), failed", "Patient    Doe, Jan · Potassium",
                         "State      close: failed — AE: unknown patient (carequeue outbox retry \(rows.close))",
                         "Message    MDM^T02, control id ", "Sends      1, the last ", "Message as written",
                         "  MSH|^~\\&|CareQueue|", "  PID|", "told her", "ACK as received",
                         "  MSA|AE|X|unknown patient<0x1B>[2J<CR>"] {
            #expect(text.stdout.contains(expected), "missing \(expected)")
        }
        #expect(!text.stdout.contains("\u{1B}") && !text.stdout.contains("\r"), "no raw control character reaches the terminal")
        let segments = text.stdout.split(separator: "\n").filter { $0.hasPrefix("  ") && $0.hasSuffix("<CR>") }
        #expect(segments.count >= 6 + 2, "one line per segment of the message and of the ACK")

        let object = try Self.object(try workspace.run(["outbox", "show", String(rows.close), "--json"]))
        #expect(object["status"] as? String == "failed" && object["ack"] as? String == Self.ack)
        #expect((object["message"] as? String)?.hasPrefix("MSH|^~\\&|CareQueue|") == true)

        let waiting = try workspace.run(["outbox", "show", String(rows.attempt)])
        #expect(waiting.stdout.contains("ACK as received\n  (none yet)"))
        refused(try workspace.run(["outbox", "show", "999"]), "no outbox message with id 999")

        let views = try Self.json(try workspace.run(["audit", "list", "--action", "task.viewed", "--json"]))
        let details = views.compactMap { $0["details"] as? [String: Any] }.filter { $0["via"] as? String == "outbox show" }
        #expect(details.count == 3)
        #expect(details.first?["outbox_id"] as? String == String(rows.close))
    }

    @Test("retry: a failed message goes back in line under its control id, audited; anything else is refused with its state",
          arguments: StoreKind.available)
    func retry(kind: StoreKind) throws {
        let workspace = try Self.workspace(kind: kind)
        let rows = try Self.twoRows(workspace)
        try Self.settle(workspace, rows.close, .refused(code: "AE", ack: Self.ack, reason: "AE: unknown patient"))
        try Self.settle(workspace, rows.attempt, .delivered(code: "AA", ack: "MSA|AA|x\r"))
        let control = try Self.object(try workspace.run(["outbox", "show", String(rows.close), "--json"]))["control_id"] as? String

        refused(try workspace.run(["outbox", "retry", String(rows.attempt)]),
                "outbox \(rows.attempt) is delivered, not failed: only a message the EHR refused is retried (attempt: delivered to the EHR ")
        refused(try workspace.run(["outbox", "retry", "999"]), "no outbox message with id 999")
        refused(try workspace.run(["outbox", "retry"]), "name a failed message's outbox id, or give --all-failed", status: 64)
        refused(try workspace.run(["outbox", "retry", "1", "--all-failed"]), "not both", status: 64)

        let retried = try workspace.run(["outbox", "retry", String(rows.close)], user: "kim")
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(retried.stdout == "outbox \(rows.close) (close of task \(rows.task), control id \(control ?? "?")) put back in line by kim: it is sent again unchanged\n")
        let after = try Self.object(try workspace.run(["outbox", "show", String(rows.close), "--json"]))
        #expect(after["status"] as? String == "waiting" && after["control_id"] as? String == control)
        refused(try workspace.run(["outbox", "retry", String(rows.close)]), "outbox \(rows.close) is waiting, not failed")

        let audit = try Self.json(try workspace.run(["audit", "list", "--action", "outbox.retried", "--json"]))
        #expect(audit.count == 1 && audit.first?["user"] as? String == "kim")
        #expect((audit.first?["details"] as? [String: Any])?["previous_error"] as? String == "AE: unknown patient")

        let none = try workspace.run(["outbox", "retry", "--all-failed"])
        #expect(none.stdout == "no failed messages: nothing to retry\n")
        try Self.settle(workspace, rows.close, .refused(code: "AR", ack: "MSA|AR|x\r", reason: "AR"))
        let all = try workspace.run(["outbox", "retry", "--all-failed"])
        #expect(all.stdout == "1 failed message put back in line by alice: each is sent again unchanged\n")
        #expect(all.stderr.isEmpty, "[outbound] is configured: no note")
    }

    @Test("tasks show: one EHR line per message, the outbox audit rows in words, and outbox in --json",
          arguments: StoreKind.available)
    func taskShowsTheEHR(kind: StoreKind) throws {
        let workspace = try Self.workspace(kind: kind)
        let rows = try Self.twoRows(workspace)
        try Self.settle(workspace, rows.close, .refused(code: "AE", ack: Self.ack, reason: "AE: unknown patient"))
        try workspace.run(["outbox", "retry", String(rows.close)])
        try Self.settle(workspace, rows.close, .delivered(code: "AA", ack: "MSA|AA|x\r"))

        let text = try workspace.run(["tasks", "show", rows.task])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        let ehr = lines.filter { $0.hasPrefix("EHR ") }
        #expect(ehr.count == 1)
        #expect(ehr.first?.hasPrefix("EHR        close: delivered to the EHR ") == true && ehr.first?.hasSuffix(" (AA)") == true)
        #expect(lines.contains("Sign-off   not required"))
        for expected in ["outbox.failed  close refused by the EHR — AE: unknown patient (control id ",
                         "outbox.retried  close put back in line for the EHR after: AE: unknown patient (control id ",
                         "outbox.delivered  close delivered to the EHR (AA, control id "] {
            #expect(text.stdout.contains(expected), "missing \(expected)")
        }

        let object = try Self.object(try workspace.run(["tasks", "show", rows.task, "--json"]))
        let outbox = try #require(object["outbox"] as? [[String: Any]])
        #expect(outbox.map { $0["status"] as? String } == ["delivered"])
        #expect(outbox.first?["id"] as? Int == Int(rows.close))
    }

    @Test("tasks show says whose sign-off a gated result waits for, then who signed it and when",
          arguments: StoreKind.available)
    func taskShowsSignoff(kind: StoreKind) throws {
        let workspace = try SignoffCLITests.workspace(mapped: true, kind: kind)
        let id = try workspace.taskID("MRN-ABN-A")
        let waiting = try workspace.run(["tasks", "show", id])
        #expect(waiting.stdout.contains("\nSign-off   ✎ waiting for Chen, Ada's sign-off: no patient contact until then\n"),
                "\(waiting.stdout)")
        #expect(try workspace.run(["tasks", "signoff", id, "--note", "call, repeat in 1 week"]).status == 0)
        let signed = try workspace.run(["tasks", "show", id])
        let line = signed.stdout.split(separator: "\n").first { $0.hasPrefix("Sign-off") }.map(String.init) ?? ""
        #expect(line.hasPrefix("Sign-off   ✓ signed by Chen, Ada at 20") && line.hasSuffix(" · “call, repeat in 1 week”"), "\(line)")
        #expect(!signed.stdout.contains("EHR "), "no [outbound]: nothing is written back")
    }
}
