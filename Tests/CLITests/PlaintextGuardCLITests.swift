import Foundation
import Testing
import TestSupport

@Suite("listen: no plaintext MLLP on a reachable address unless said")
struct PlaintextGuardCLITests {
    @Test("listen on 0.0.0.0 without allow_plaintext exits 1 naming the setting; with it, it listens")
    func guardAndOptIn() throws {
        let directory = try TestPaths.temporaryDirectory("plaintext-guard")
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("cq.sqlite").path

        let refused = try Subprocess.carequeue(["listen", "--db", database, "--host", "0.0.0.0", "--port", "0"], timeout: 30)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("[listener] allow_plaintext = true"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("listening on"))

        let config = directory.appendingPathComponent("config.toml")
        try "[listener]\nallow_plaintext = true\n".write(to: config, atomically: true, encoding: .utf8)
        let listener = try ListenerProcess(database: database, arguments: ["--host", "0.0.0.0", "--config", config.path])
        defer { listener.stop() }
        #expect(listener.port > 0)
    }
}
