import Foundation
import StoreFixtures
import TestSupport
import Testing

/// What the interface analyst running CareQueue as a service meets: configuration checks, JSON logs,
/// the command line's answers to mistakes.
@Suite("Operating CareQueue end to end")
struct OperationsCLITests {
    @Test("config check lists every problem in the file with its line, and exits 1")
    func configCheckListsEveryProblem() throws {
        let workspace = try LifecycleWorkspace(label: "carequeue-ops")
        let file = try workspace.file("bad.toml", "[listener]\nport = 70000\n[ui]\nbell = \"loud\"\n\n[listner]\nhost = \"x\"\n")
        let result = try Subprocess.carequeue(["config", "check", file])
        #expect(result.status == 1)
        #expect(result.stderr == """
            \(file):2: [listener] port must be 0–65535, got 70000
            \(file):4: [ui] bell must be one of "board", "always", "never", got "loud"
            \(file):6: unknown section [listner]; valid sections: windows, tiers, listener, store, clinic, audit, ui, outbound, workflow, status, turnaround, turnaround_tests, log, retention
            \(file): 3 problems

            """)

        let good = try workspace.file("good.toml", "[windows]\ncritical = \"15m\"\n[log]\nformat = \"json\"\n")
        let checked = try Subprocess.carequeue(["config", "check", good])
        #expect(checked.status == 0)
        #expect(checked.stdout.hasPrefix("\(good): ok\nstore: "), "then the store commands would open: \(checked.stdout)")
        let shown = try Subprocess.carequeue(["config", "check", "--show", good])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains("[windows]\ncritical = \"15m\"\nabnormal = \"1d\"\n"), "\(shown.stdout)")
        #expect(shown.stdout.contains("[log]\nformat = \"json\"\n# level is not set\nmax_bytes = 10485760\nkeep = 5\n"))
        // What --show prints is itself a valid configuration giving the same settings.
        let reread = try Subprocess.carequeue(["config", "check", try workspace.file("shown.toml", shown.stdout)])
        #expect(reread.status == 0, "\(reread.stderr)")
    }

    @Test("a file the configuration names that cannot be read is a problem at its line")
    func configCheckUnreadableFile() throws {
        let workspace = try LifecycleWorkspace(label: "carequeue-ops")
        let file = try workspace.file("c.toml", "[audit]\nkey_file = \"missing.key\"\n")
        let result = try Subprocess.carequeue(["config", "check", file])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(file):2: [audit] key_file \(workspace.directory.path)/missing.key cannot be read: No such file or directory"),
                "\(result.stderr)")
    }

    @Test("a misspelt subcommand is answered with the closest one, not the dashboard's usage")
    func typoSuggestion() throws {
        let top = try Subprocess.carequeue(["lsten", "--port", "0"])
        #expect(top.status == 64)
        #expect(top.stderr.hasPrefix("carequeue: unknown command 'lsten'; did you mean 'listen'?"), "\(top.stderr)")
        let nested = try Subprocess.carequeue(["tasks", "lst"])
        #expect(nested.status == 64)
        #expect(nested.stderr.hasPrefix("carequeue tasks: unknown command 'lst'; did you mean 'list'?"), "\(nested.stderr)")
        let unlike = try Subprocess.carequeue(["zzzzzz"])
        #expect(unlike.stderr.contains("unknown command 'zzzzzz'; commands: dashboard, demo, listen"), "\(unlike.stderr)")
    }

    @Test("with [log] format = json every listen line is a JSON object; send prints the ERR text beside AE and AR", arguments: StoreKind.available)
    func jsonLogsAndSendErrors(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(label: "carequeue-ops", kind: kind)
        let config = try workspace.file("json.toml", "[log]\nformat = \"json\"\n")
        // A control id with a quote, a backslash and a control character must still give one valid object.
        let hostile = try String(contentsOf: TestPaths.sampleData.appendingPathComponent("bad/03-oru-without-mrn.hl7"), encoding: .utf8)
            .replacingOccurrences(of: "CQ26-BAD-03", with: "Q\"\\\\Z\u{7}")
        let messages = try workspace.file("m.hl7", hostile)
        let listener = try workspace.listenerProcess(["--config", config])
        let sent = try Subprocess.carequeue(["send", "--port", String(listener.port), messages,
                                             TestPaths.sampleData.appendingPathComponent("bad/01-not-hl7-plain-text.hl7").path])
        listener.stop()

        #expect(sent.status == 1)
        let answers = sent.stdout.split(separator: "\n").map(String.init)
        #expect(answers.count == 2)
        #expect(answers.first?.contains(" AE 102 Data type error: MSH-10 message control id contains control characters") == true,
                "\(sent.stdout)")
        #expect(answers.last?.hasPrefix("- AR 200 Unsupported message type: not an HL7 v2 message") == true, "\(sent.stdout)")

        let lines = listener.log.split(separator: "\n").map(String.init)
        let objects = try lines.map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
        #expect(objects.first?["event"] as? String == "listening")
        #expect(objects.first?["address"] as? String == "127.0.0.1:\(listener.port)")
        for object in objects {
            #expect(Set(object.keys).isSuperset(of: ["time", "level", "component", "event", "fields"]), "\(object)")
        }
        // The id reaches the log escaped (forLog), and JSON escapes that again: nothing raw is left.
        let refusal = objects.first { ($0["event"] as? String)?.contains("AE 102") == true }
        #expect((refusal?["event"] as? String)?.contains(#"\x07"#) == true, "\(lines)")
        #expect(!listener.log.contains("\u{7}"))
        #expect((refusal?["fields"] as? [String: Any])?["peer"] != nil)
        #expect(objects.last?["event"] as? String == "stopped")
    }

    @Test("an unknown log level is refused, naming the valid ones, before a database is made", arguments: StoreKind.available)
    func unknownLogLevel(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(label: "carequeue-ops", kind: kind)
        let result = try Subprocess.carequeue(["listen", "--port", "0", "--db", workspace.db],
                                             environment: workspace.environment().merging(["CAREQUEUE_LOG_LEVEL": "verbose"]) { $1 })
        #expect(result.status == 1)
        #expect(result.stderr.contains("CAREQUEUE_LOG_LEVEL 'verbose' is not a log level; valid: trace, debug, info, notice, warning, error, critical"))
        #expect(try workspace.leftNothingBehind())
    }

    @Test("a failed import on a new --db leaves no database; tasks list --provider needs an NPI on the roster", arguments: StoreKind.available)
    func failuresLeaveNothingAndSayWhy(kind: StoreKind) throws {
        let workspace = try LifecycleWorkspace(label: "carequeue-ops", kind: kind)
        let bad = try workspace.file("bad.csv", "npi,name,role\n123,Nobody,physician\n")
        let imported = try workspace.run(["roster", "import", bad])
        #expect(imported.status == 1)
        #expect(try workspace.leftNothingBehind())
        #expect(try workspace.run(["coverage", "import", bad]).status == 1)
        #expect(try workspace.leftNothingBehind())

        let missing = try workspace.run(["roster", "import", workspace.directory.appendingPathComponent("absent.csv").path])
        #expect(missing.stderr.contains("absent.csv: cannot read file: No such file or directory"), "\(missing.stderr)")

        try workspace.ingest([])
        let unknown = try workspace.run(["tasks", "list", "--provider", LifecycleWorkspace.NPI.notOnRoster])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("NPI \(LifecycleWorkspace.NPI.notOnRoster) is not on the roster"), "\(unknown.stderr)")
        #expect(try workspace.run(["tasks", "list", "--provider", LifecycleWorkspace.NPI.drA]).status == 0)
    }
}
