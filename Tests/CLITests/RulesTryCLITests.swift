import Foundation
import StoreFixtures
import Testing
import TestSupport

/// `carequeue rules try`: a dry run that predicts what ingest does, and writes nothing.
@Suite("rules try: dry-run routing and tiering", .serialized)
struct RulesTryCLITests {
    /// A scratch database with SampleData's roster and coverage imported.
    final class Workspace {
        let directory: URL
        let db: String
        /// On PostgreSQL this directory is the host's HOME (its audit anchor goes there).
        let environment: [String: String]

        init(kind: StoreKind = .sqlite) throws {
            directory = try TestPaths.temporaryDirectory("rules-try")
            switch kind {
            case .sqlite: db = directory.appendingPathComponent("cq.sqlite").path
            case .postgres: db = try PostgresTestServer.freshDatabase(prefix: "rules")
            }
            environment = kind == .postgres ? ["HOME": directory.path, "XDG_DATA_HOME": ""] : [:]
            for (command, file) in [("roster", "roster.csv"), ("coverage", "coverage.csv")] {
                let imported = try Subprocess.carequeue([command, "import", "--db", db,
                                                         TestPaths.sampleData.appendingPathComponent(file).path], environment: environment)
                guard imported.status == 0 else { throw HarnessError("\(command) import: \(imported.stderr)") }
            }
        }

        deinit { try? FileManager.default.removeItem(at: directory) }

        func run(_ arguments: [String]) throws -> ProcessResult {
            try Subprocess.carequeue(arguments + ["--db", db], environment: environment)
        }

        /// `rules try … --json`, decoded.
        func trial(_ arguments: [String]) throws -> [String: Any] {
            let result = try run(["rules", "try", "--json"] + arguments)
            guard result.status == 0,
                  let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            else { throw HarnessError("rules try \(arguments): \(result.status) \(result.stderr)") }
            return object
        }

        func list(_ arguments: [String]) throws -> [[String: Any]] {
            let result = try run(arguments + ["--json"])
            guard result.status == 0, let array = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]]
            else { throw HarnessError("\(arguments): \(result.stderr)") }
            return array
        }

        func file(_ name: String, _ bytes: [UInt8]) throws -> String {
            let url = directory.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            return url.path
        }
    }

    struct HarnessError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    static func messages(_ trial: [String: Any]) -> [[String: Any]] { trial["messages"] as? [[String: Any]] ?? [] }

    /// The last prediction for each order (filler number ^ test code): what the task ends as.
    static func lastPrediction(_ trial: [String: Any]) -> [String: [String: Any]] {
        var last: [String: [String: Any]] = [:]
        for message in messages(trial) {
            for task in message["tasks"] as? [[String: Any]] ?? [] {
                last["\(task["filler_number"] as? String ?? "-")^\(task["test_code"] as? String ?? "")"] = task
            }
        }
        return last
    }

    /// Each predicted task's tier and queue equals the task ingest made; one task per order.
    static func expectMatches(_ predicted: [String: [String: Any]], tasks: [[String: Any]], _ what: String) {
        #expect(predicted.count == tasks.count, "\(what): \(predicted.count) predicted, \(tasks.count) made")
        for task in tasks {
            let key = "\(task["filler_number"] as? String ?? "-")^\(task["test_code"] as? String ?? "")"
            guard let prediction = predicted[key] else {
                Issue.record("\(what): no prediction for the task of \(key)")
                continue
            }
            #expect(prediction["urgency"] as? String == task["urgency"] as? String, "\(what) \(key)")
            // A reason quoting a long value is cut at 200 characters in the trial's output.
            let reason = prediction["urgency_reason"] as? String ?? ""
            let made = task["urgency_reason"] as? String ?? ""
            #expect(reason.hasSuffix("…") ? made.hasPrefix(String(reason.dropLast())) : reason == made, "\(what) \(key)")
            #expect(prediction["assigned_npi"] as? String == task["assigned_npi"] as? String, "\(what) \(key)")
            #expect(prediction["routing"] as? String == task["routing"] as? String, "\(what) \(key)")
            #expect((prediction["closed_note"] is NSNull) == (task["status"] as? String != "closed"), "\(what) \(key)")
        }
    }

    @Test("rules try on SampleData matches what ingest then does: tier, queue, reasons, refusals; --stored --since too", arguments: StoreKind.available)
    func sampleDataMatchesIngest(kind: StoreKind) throws {
        let workspace = try Workspace(kind: kind)
        let sample = TestPaths.sampleData.path
        // As `send` is given them: the directory (its non-HL7 files skipped), and the bad files by name
        // (a file named on its own without an MSH line is tried whole, as `send` sends it whole).
        let trial = try workspace.trial([sample] + TestPaths.badMessages().map(\.path))
        #expect((trial["skipped"] as? [String])?.contains(sample + "/EXPECTED.tsv") == true, "a directory's non-HL7 files are skipped")
        let tried = Self.messages(trial)
        let duplicate = try #require(tried.first { ($0["label"] as? String)?.contains("27-duplicate") == true })
        #expect(duplicate["verdict"] as? String == "duplicate")
        #expect((duplicate["duplicate_of"] as? String)?.hasSuffix("01-critical-potassium-hh-v251.hl7:1") == true)

        // Now ingest the same files in the same order, through the listener.
        let listener = try ListenerProcess(database: workspace.db, environment: workspace.environment,
                                           log: workspace.directory.appendingPathComponent("listener.log"))
        let files = try TestPaths.sampleMessages() + TestPaths.badMessages()
        _ = try Subprocess.carequeue(["send", "--port", String(listener.port), "--timeout", "20"] + files.map(\.path))
        listener.stop()

        let tasks = try workspace.list(["tasks", "list", "--status", "all"])
        try #require(tasks.count >= 30)
        Self.expectMatches(Self.lastPrediction(trial), tasks: tasks, "files")

        let review = try workspace.list(["review", "list"])
        let refused = tried.filter { $0["verdict"] as? String == "refused" }
        #expect(refused.count == review.count)
        func refusalKey(_ ackCode: Any?, _ errorCode: Any?, _ controlID: Any?) -> String {
            "\(ackCode as? String ?? "") \((errorCode as? NSNumber)?.intValue ?? -1) \(controlID as? String ?? "-")"
        }
        let predictedRefusals = Set(refused.map { message in
            let refusal = message["refusal"] as? [String: Any] ?? [:]
            return refusalKey(refusal["ack_code"], refusal["error_code"], message["control_id"])
        })
        let reviewRefusals = Set(review.map { refusalKey($0["ack_code"], $0["error_code"], $0["control_id"]) })
        #expect(predictedRefusals == reviewRefusals)

        // The stored messages tried again: the same predictions (the duplicate was never stored).
        let again = try workspace.trial(["--stored", "--since", "2000-01-01"])
        let stored = Self.messages(again)
        #expect(stored.count == tried.count - 1)
        #expect(stored.allSatisfy { ($0["label"] as? String)?.hasPrefix("message ") == true })
        #expect(stored.filter { $0["verdict"] as? String == "refused" }.count == review.count, "refused ones included")
        Self.expectMatches(Self.lastPrediction(again), tasks: tasks, "stored")
        let none = try workspace.trial(["--stored", "--since", "2999-01-01"])
        #expect(Self.messages(none).isEmpty)
    }

    @Test("rules try writes nothing: database, WAL and audit anchor unchanged; a missing database is not created", arguments: StoreKind.available)
    func writesNothing(kind: StoreKind) throws {
        let workspace = try Workspace(kind: kind)
        // SQLite: the file, its WAL and the anchor beside it. PostgreSQL: this host's anchor (the
        // audit and task counts below stand for the database).
        let anchors = workspace.directory.appendingPathComponent(".local/share/carequeue/postgres")
        let paths = kind == .sqlite ? [workspace.db, workspace.db + "-wal", workspace.db + "-audit-anchor"]
            : ((try? FileManager.default.contentsOfDirectory(atPath: anchors.path)) ?? []).map { anchors.appendingPathComponent($0).path }
        #expect(!paths.isEmpty, "the imports anchored the audit chain")
        func snapshot() -> [Data?] { paths.map { FileManager.default.contents(atPath: $0) } }
        // Any reader (this `audit list` too) may leave SQLite's empty -wal and -shm beside the file.
        let audit = try workspace.list(["audit", "list"]).count
        let before = snapshot()
        let result = try workspace.run(["rules", "try", TestPaths.sampleData.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Nothing was written."))
        #expect(snapshot() == before)
        #expect(try workspace.list(["audit", "list"]).count == audit)
        #expect(try workspace.list(["tasks", "list", "--status", "all"]).isEmpty)

        // A database without CareQueue's store: no file at the path, or the DBA's empty database.
        let missing = kind == .sqlite ? workspace.directory.appendingPathComponent("none.sqlite").path
            : try PostgresTestServer.freshDatabase(prefix: "rules")
        let refused = try Subprocess.carequeue(["rules", "try", TestPaths.sampleData.path, "--db", missing], environment: workspace.environment)
        let saysMissing = kind == .sqlite ? "no database at \(missing)" : "no CareQueue store in \(missing) yet"
        #expect(refused.status == 1 && refused.stderr.contains(saysMissing), "\(refused.stderr)")
        let roster = TestPaths.sampleData.appendingPathComponent("roster.csv").path
        let withRoster = try Subprocess.carequeue(["rules", "try", TestPaths.sampleData.appendingPathComponent("07-abnormal-coded-cwe-v27.hl7").path,
                                                   "--db", missing, "--roster", roster], environment: workspace.environment)
        #expect(withRoster.status == 0, "\(withRoster.stderr)")
        #expect(!withRoster.stdout.contains("covering for") && withRoster.stdout.contains("Chen, Wei (NPI 1000000046)"),
                "no coverage file: the roster alone routes to the ordering provider")
        switch kind {
        case .sqlite: #expect(!FileManager.default.fileExists(atPath: missing))
        case .postgres:
            let tables = try PostgresTestServer.psql(missing, ["-At", "-c", "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"])
            #expect(tables.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        }
    }

    @Test("a configuration change shows in the prediction: [tiers] critical_tests makes a routine result critical", arguments: StoreKind.available)
    func configurationChange(kind: StoreKind) throws {
        let workspace = try Workspace(kind: kind)
        let file = TestPaths.sampleData.appendingPathComponent("20-crlf-terminators-v251.hl7").path
        let before = try workspace.trial([file])
        let routine = try #require(Self.messages(before).first?["tasks"] as? [[String: Any]]).first
        #expect(routine?["urgency"] as? String == "routine")
        let config = try workspace.file("config.toml", Array("[tiers]\ncritical_tests = [\"2093-3\"]\n".utf8))
        let after = try workspace.trial([file, "--config", config])
        let critical = try #require(Self.messages(after).first?["tasks"] as? [[String: Any]]).first
        #expect(critical?["urgency"] as? String == "critical")
        #expect((critical?["urgency_reason"] as? String)?.contains("[tiers] critical_tests") == true)
        let text = try workspace.run(["rules", "try", file, "--config", config])
        #expect(text.stdout.contains("critical: 2093-3 is a critical test ([tiers] critical_tests)"), "\(text.stdout)")
        #expect(text.stdout.contains("due    within 30m ([windows] critical)"))
    }

    @Test("hostile bytes: control characters in MSH-10 are printed escaped, never raw, in text and JSON")
    func hostileControlID() throws {
        let workspace = try Workspace()
        let message = "MSH|^~\\&|LAB|CITYLAB|CQ|CLINIC|20260301081000||ORU^R01|EVIL\u{1B}]0;pwned\u{07}\(String(repeating: "Z", count: 300))|P|2.5.1\r"
            + "PID|1||MRN1^^^H^MR||TESTPATIENT^ALPHA\rOBR|1|PL-1|F-1|2823-3^Potassium^LN\r"
        let file = try workspace.file("evil.hl7", Array(message.utf8))
        let text = try workspace.run(["rules", "try", file])
        #expect(text.status == 0)
        #expect(!text.stdout.utf8.contains(0x1B) && !text.stdout.utf8.contains(0x07))
        #expect(text.stdout.contains("control id EVIL<0x1B>]0;pwned<0x07>ZZ"))
        #expect(text.stdout.contains("refused: AE 102 at MSH^1^10"))
        #expect(!text.stdout.contains(String(repeating: "Z", count: 100)), "capped")
        let json = try workspace.run(["rules", "try", "--json", file])
        #expect(!json.stdout.contains("\\u001b") && json.stdout.contains("EVIL<0x1B>"))
    }

    @Test("usage: files or --stored, --since with --stored; an unreadable file is named")
    func usage() throws {
        let workspace = try Workspace()
        #expect(try workspace.run(["rules", "try"]).status == 64)
        #expect(try workspace.run(["rules", "try", "--stored"]).status == 64)
        #expect(try workspace.run(["rules", "try", TestPaths.sampleData.path, "--since", "2026-01-01"]).status == 64)
        #expect(try workspace.run(["rules", "try", "--stored", "--since", "yesterday"]).status == 64)
        let missing = workspace.directory.appendingPathComponent("nope.hl7").path
        let result = try workspace.run(["rules", "try", missing])
        #expect(result.status == 1 && result.stderr.contains("\(missing): cannot read file"))
    }
}
