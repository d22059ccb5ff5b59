import Foundation

/// The peer: python-hl7's asyncio MLLP server storing each raw message in SQLite (WAL, FULL) before
/// its ACK (Tests/Interop/peer_mllp_sqlite.py) — what an analyst would script — driven by the same
/// senders as CareQueue's listener, with fresh control ids.
enum PythonPeerBaseline {
    enum Outcome {
        case measured(BenchSenders.Outcome, stored: Int)
        case skipped(String)
    }

    static let script = "Tests/Interop/peer_mllp_sqlite.py"

    static func measure(python: String?, senders: Int, perSender: Int, folder: URL) async -> Outcome {
        guard FileManager.default.fileExists(atPath: script) else {
            return .skipped("\(script) not found (run from the repository)")
        }
        let candidates = [python, ".venv/bin/python", "/usr/bin/python3", "/usr/local/bin/python3"].compactMap { $0 }
        guard let interpreter = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return .skipped("no python (run .ci/run, or python3 -m venv .venv && .venv/bin/pip install hl7)")
        }
        let database = folder.appendingPathComponent("peer.sqlite").path
        let log = folder.appendingPathComponent("peer.log").path
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(interpreter, [script, "--port", "0", "--database", database], output: log)
        } catch {
            return .skipped("\(error)")
        }
        let outcome = await drive(child, log: log, database: database, interpreter: interpreter,
                                  senders: senders, perSender: perSender)
        _ = await child.terminate(grace: .seconds(5))
        return outcome
    }

    private static func drive(_ child: ChildProcess, log: String, database: String, interpreter: String,
                              senders: Int, perSender: Int) async -> Outcome {
        guard let port = await listeningPort(log: log, child: child) else {
            let last = (try? String(contentsOfFile: log, encoding: .utf8))?
                .split(separator: "\n").last.map(String.init) ?? "no output"
            return .skipped("\(interpreter) did not start the peer (\(last)); run .ci/run, or "
                + "python3 -m venv .venv && .venv/bin/pip install hl7")
        }
        do {
            let outcome = try await BenchSenders.drive(port: port, senders: senders, perSender: perSender,
                                                       corpus: .fresh())
            let stored = try RawSQLite(path: database, readOnly: true).prepare("SELECT count(*) FROM messages").run()
            return .measured(outcome, stored: Int(stored ?? 0))
        } catch {
            return .skipped("the peer failed: \(error)")
        }
    }

    /// The port from the peer's `listening on HOST:PORT` line, within 15 s; nil if it ended first.
    private static func listeningPort(log: String, child: ChildProcess) async -> Int? {
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline, child.termination == nil {
            if let text = try? String(contentsOfFile: log, encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("listening on ") }),
               let port = line.split(separator: ":").last.flatMap({ Int($0) }) {
                return port
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}
