import Foundation
import StoreFixtures
import Testing
import TestSupport

/// From a fresh database: import the roster and coverage, run `listen`, `send` all of SampleData,
/// then check every expectation of SampleData/EXPECTED.tsv through the command line.
@Suite("SampleData end to end through listen, send, tasks and review", .serialized)
struct EndToEndTests {
    struct Run {
        var directory: URL
        var database: String
        var sendOutput: [String: [String]]
        var sendStatus: Int32
        var tasks: [[String: Any]]
        var review: [[String: Any]]
        /// What the listener logged, for a failure's message.
        var listenerLog: String
    }

    static func ingestSampleData(kind: StoreKind) throws -> Run {
        let directory = try TestPaths.temporaryDirectory("e2e")
        let database = kind == .sqlite ? directory.appendingPathComponent("cq.sqlite").path
            : try PostgresTestServer.freshDatabase(prefix: "e2e")
        // On PostgreSQL the directory is the host's HOME: its listener lock and audit anchor go there.
        let environment = kind == .postgres ? ["HOME": directory.path] : [:]
        let sample = TestPaths.sampleData
        for (command, file) in [("roster", "roster.csv"), ("coverage", "coverage.csv")] {
            let imported = try Subprocess.carequeue([command, "import", "--db", database, sample.appendingPathComponent(file).path],
                                                  environment: environment)
            try #require(imported.status == 0, "\(command) import: \(imported.stderr)")
        }
        let listener = try ListenerProcess(database: database, environment: environment,
                                           log: directory.appendingPathComponent("listener.log"))
        let files = try TestPaths.sampleMessages() + TestPaths.badMessages()
        let sent = try Subprocess.carequeue(["send", "--port", String(listener.port), "--timeout", "20"] + files.map(\.path))
        // Derivation follows the ACK (on PostgreSQL on a thread of its own): a clean stop derives
        // everything stored before the tasks are read.
        listener.stop()
        var output: [String: [String]] = [:]
        for line in sent.stdout.split(separator: "\n") {
            // `CONTROL_ID CODE`, then after AE/AR the ACK's error text.
            let parts = line.split(separator: " ")
            guard parts.count >= 2 else { continue }
            output[String(parts[0]), default: []].append(String(parts[1]))
        }
        func json(_ arguments: [String]) throws -> [[String: Any]] {
            let result = try Subprocess.carequeue(arguments + ["--db", database, "--json"], environment: environment)
            try #require(result.status == 0, "\(arguments): \(result.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        }
        return Run(directory: directory, database: database, sendOutput: output, sendStatus: sent.status,
                   tasks: try json(["tasks", "list", "--status", "all"]), review: try json(["review", "list"]),
                   listenerLog: listener.log)
    }

    @Test("ACK codes, queues, urgency, reasons, due times and the review list match EXPECTED.tsv", arguments: StoreKind.available)
    func sampleData(kind: StoreKind) throws {
        let expected = try ExpectedRow.load()
        try #require(expected.count >= 20)
        let run = try Self.ingestSampleData(kind: kind)
        defer { try? FileManager.default.removeItem(at: run.directory) }

        // Bad files in the batch: send says so with exit 1.
        #expect(run.sendStatus == 1)
        for row in expected {
            let codes = run.sendOutput[row.controlID] ?? []
            #expect(codes.contains(row.ack), "\(row.file) \(row.controlID): got \(codes), expected \(row.ack)")
        }

        let windows = ["critical": 1800.0, "abnormal": 86_400.0, "routine": 259_200.0]
        // An order reported several times (preliminary → final → corrected) ends as its last row says.
        var finalRows: [String: ExpectedRow] = [:]
        for row in expected where ["AA", "CA"].contains(row.ack) && !row.isDuplicate && !row.filler.isEmpty && row.filler != "-" {
            finalRows[row.filler + "^" + row.testCode] = row
        }
        try #require(finalRows.count >= 20)
        for row in finalRows.values.sorted(by: { $0.file < $1.file }) {
            let matches = run.tasks.filter { $0["filler_number"] as? String == row.filler && $0["test_code"] as? String == row.testCode }
            guard let task = matches.first else {
                Issue.record("\(row.file): no task for filler \(row.filler); the listener logged:\n\(run.listenerLog)")
                continue
            }
            #expect(task["urgency"] as? String == row.urgency, "\(row.file) \(row.filler)")
            #expect(task["assigned_npi"] as? String == row.queueNPI, "\(row.file) \(row.filler): \(task["routing"] ?? "")")
            #expect((task["unassigned"] as? Bool) == (row.queueNPI == nil))
            #expect((task["urgency_reason"] as? String)?.hasPrefix(row.urgency) == true)
            #expect(task["mrn"] as? String == row.mrn, "\(row.file)")
            if task["status"] as? String != "closed", let received = task["received_at"] as? String,
               let due = task["due_at"] as? String, let window = windows[row.urgency] {
                let receivedAt = try #require(ISO8601DateFormatter().date(from: received))
                let dueAt = try #require(ISO8601DateFormatter().date(from: due))
                #expect(dueAt.timeIntervalSince(receivedAt) == window, "\(row.file): due \(due) received \(received)")
            }
        }

        let refused = expected.filter { ["AE", "AR"].contains($0.ack) }
        #expect(run.review.count == refused.count, "\(run.review.map { $0["reason"] ?? "" })")
        for item in run.review {
            #expect((item["reason"] as? String)?.isEmpty == false)
            #expect(["AE", "AR"].contains(item["ack_code"] as? String ?? ""))
        }
    }
}
