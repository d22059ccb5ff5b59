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
        #expect(refused.stderr.contains("[listener] tls_certificate and tls_private_key"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("listening on"))

        let config = directory.appendingPathComponent("config.toml")
        try "[listener]\nallow_plaintext = true\n".write(to: config, atomically: true, encoding: .utf8)
        let listener = try ListenerProcess(database: database, arguments: ["--host", "0.0.0.0", "--config", config.path])
        defer { listener.stop() }
        #expect(listener.port > 0)
    }

    @Test("listen with TLS on 0.0.0.0 needs no allow_plaintext", .enabled(if: TestCertificates.shouldRun, "needs the openssl CLI"))
    func tlsSatisfiesTheGuard() throws {
        let directory = try TestPaths.temporaryDirectory("plaintext-guard-tls")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pki = try TestCertificates(in: directory.appendingPathComponent("pki"))
        let config = directory.appendingPathComponent("config.toml")
        try ("[listener]\n" + pki.listenerSettings()).write(to: config, atomically: true, encoding: .utf8)
        let listener = try ListenerProcess(database: directory.appendingPathComponent("cq.sqlite").path,
                                           arguments: ["--host", "0.0.0.0", "--config", config.path])
        defer { listener.stop() }
        let sample = TestPaths.sampleData.appendingPathComponent("01-critical-potassium-hh-v251.hl7").path
        let sent = try Subprocess.carequeue(["send", "--host", "127.0.0.1", "--port", String(listener.port),
                                             "--ca", pki.path("ca.pem"), sample], timeout: 60)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.stdout.hasSuffix(" AA\n"))
    }
}
