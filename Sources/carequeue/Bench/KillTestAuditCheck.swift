import Foundation

/// `carequeue audit verify` on the kill loop's database, run as a child process as an operator would.
enum KillTestAuditCheck {
    struct Outcome: Sendable {
        var passed: Bool
        /// Its last line of output (the verdict), or why it could not run.
        var verdict: String
    }

    /// Runs the check, bounded by `limit` (a big database takes a while to re-hash).
    static func run(database: String, configuration: String, output: String,
                    limit: Duration = .seconds(600)) async -> Outcome {
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(ListenerIncarnation.executable,
                                           ["audit", "verify", "--db", database, "--config", configuration],
                                           output: output)
        } catch {
            return Outcome(passed: false, verdict: "\(error)")
        }
        guard let ended = await child.waitForExit(within: limit) else {
            await child.killAndReap()
            return Outcome(passed: false, verdict: "audit verify did not finish within \(limit)")
        }
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        let last = text.split(separator: "\n").last.map(String.init) ?? "no output"
        return Outcome(passed: ended == .exited(0), verdict: ended == .exited(0) ? last : "\(last) (\(ended))")
    }
}
