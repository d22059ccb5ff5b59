import Foundation
import StoreFixtures
import Testing
import TestSupport

/// `listen` with TLS and `send --tls`, end to end through the built binary, with certificates the
/// openssl CLI makes here and Python's `ssl` module as a peer nobody here wrote.
@Suite("TLS end to end: listen and send", .serialized, .enabled(if: TestCertificates.shouldRun, "needs the openssl CLI"))
struct TLSCLITests {
    static let sample = TestPaths.sampleData.appendingPathComponent("01-critical-potassium-hh-v251.hl7").path

    /// A PKI and a listener using it, in one temporary directory.
    final class Setup {
        let directory: URL
        let pki: TestCertificates
        let listener: ListenerProcess

        init(certificate: String = "server.pem", clientCA: Bool = false, extra: String = "", host: String = "127.0.0.1",
             kind: StoreKind = .sqlite) throws {
            directory = try TestPaths.temporaryDirectory("tls-cli")
            pki = try TestCertificates(in: directory.appendingPathComponent("pki"))
            let config = directory.appendingPathComponent("config.toml")
            try ("[listener]\n" + pki.listenerSettings(certificate: certificate, clientCA: clientCA) + extra)
                .write(to: config, atomically: true, encoding: .utf8)
            // On PostgreSQL this directory is the host's HOME (its listener lock and anchor go there).
            let database = kind == .sqlite ? directory.appendingPathComponent("cq.sqlite").path
                : try PostgresTestServer.freshDatabase(prefix: "tls")
            listener = try ListenerProcess(database: database, arguments: ["--config", config.path, "--host", host],
                                           environment: kind == .postgres ? ["HOME": directory.path] : [:],
                                           log: directory.appendingPathComponent("listener.log"))
        }

        /// `carequeue send` to this listener with `flags`; `host` is the name the certificate must carry.
        func send(_ flags: [String], host: String = "localhost", timeout: Int = 10) throws -> ProcessResult {
            try Subprocess.carequeue(["send", "--host", host, "--port", String(listener.port), "--timeout", String(timeout)]
                                     + flags + [TLSCLITests.sample], timeout: 60)
        }

        func lines(containing text: String) -> [Substring] {
            listener.log.split(separator: "\n").filter { $0.contains(text) }
        }

        deinit {
            listener.stop()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    @Test("send --tls --ca gets AA, by name and by address; the listener logs the TLS version", arguments: StoreKind.available)
    func sendGetsAA(kind: StoreKind) throws {
        let setup = try Setup(kind: kind)
        for host in ["localhost", "127.0.0.1"] {
            let result = try setup.send(["--tls", "--ca", setup.pki.path("ca.pem")], host: host)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasSuffix(" AA\n"), "\(result.stdout)")
        }
        // --ca alone implies TLS.
        let implied = try setup.send(["--ca", setup.pki.path("ca.pem")])
        #expect(implied.stdout.hasSuffix(" AA\n"), "\(implied.stderr)")
        #expect(setup.lines(containing: "TLS handshake completed (TLS 1.3)").count == 3, "\(setup.listener.log)")
    }

    @Test("python's ssl module, with TLS 1.3 and with TLS 1.2 only, gets AA", arguments: [false, true])
    func pythonPeer(tls12: Bool) throws {
        let python = try #require(PythonPeers.standardPython, "no python3")
        let setup = try Setup()
        let script = TestPaths.packageRoot.appendingPathComponent("Tests/Interop/tls_send.py").path
        let result = try Subprocess.run(python, [script, "localhost", String(setup.listener.port), setup.pki.path("ca.pem"),
                                                 Self.sample] + (tls12 ? ["--tls12"] : []), timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").contains { $0.hasPrefix("MSA|AA|") }, "\(result.stdout)")
        #expect(result.stderr.contains(tls12 ? "TLSv1.2" : "TLSv1.3"))
        #expect(setup.lines(containing: "TLS handshake completed (\(tls12 ? "TLS 1.2" : "TLS 1.3"))").count == 1)
    }

    @Test("a plaintext client on the TLS port gets no ACK, costs one log line, and the listener goes on")
    func plaintextClient() throws {
        let setup = try Setup()
        let plain = try setup.send([], host: "127.0.0.1", timeout: 5)
        #expect(plain.status != 0)
        #expect(plain.stdout.hasSuffix(" NONE\n"), "\(plain.stdout)")
        usleep(200_000)
        #expect(setup.lines(containing: "TLS handshake failed: wrong version number").count == 1, "\(setup.listener.log)")
        #expect(setup.lines(containing: "connection").isEmpty, "\(setup.listener.log)")
        #expect(setup.listener.process.isRunning)

        let tls = try setup.send(["--tls", "--ca", setup.pki.path("ca.pem")])
        #expect(tls.stdout.hasSuffix(" AA\n"), "\(tls.stderr)")
    }

    @Test("with tls_client_ca: no certificate, a stranger's or an expired one is refused; the CA's gets AA")
    func mutualTLS() throws {
        let setup = try Setup(clientCA: true)
        let ca = ["--tls", "--ca", setup.pki.path("ca.pem")]
        let refused: [(flags: [String], logged: String)] = [
            ([], "TLS handshake failed: peer did not return a certificate"),
            (["--cert", setup.pki.path("stranger.pem"), "--key", setup.pki.path("stranger.key")],
             "TLS handshake failed: certificate verify failed: not issued by a trusted CA"),
            (["--cert", setup.pki.path("client-expired.pem"), "--key", setup.pki.path("client-expired.key")],
             "TLS handshake failed: certificate has expired"),
        ]
        for row in refused {
            let result = try setup.send(ca + row.flags)
            #expect(result.status != 0)
            #expect(!result.stdout.contains(" AA"), "\(result.stdout)")
            #expect(result.stderr.contains("TLS handshake with localhost:\(setup.listener.port) failed: refused by the peer"),
                    "\(result.stderr)")
            usleep(100_000)
            #expect(setup.lines(containing: row.logged).count == 1, "\(setup.listener.log)")
        }
        let accepted = try setup.send(ca + ["--cert", setup.pki.path("client.pem"), "--key", setup.pki.path("client.key")])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stdout.hasSuffix(" AA\n"))
        #expect(setup.lines(containing: "TLS handshake failed").count == 3)
    }

    @Test("send refuses an expired server certificate and one for another name, saying which")
    func sendChecksTheServer() throws {
        for (certificate, host, reason) in [("server-expired.pem", "localhost", "certificate has expired"),
                                            ("server-elsewhere.pem", "127.0.0.1", "the certificate does not name this host")] {
            let setup = try Setup(certificate: certificate)
            let result = try setup.send(["--tls", "--ca", setup.pki.path("ca.pem")], host: host)
            #expect(result.status != 0)
            #expect(result.stdout.isEmpty, "\(result.stdout)")
            #expect(result.stderr.contains("TLS handshake with \(host):\(setup.listener.port) failed: \(reason)"), "\(result.stderr)")
        }
    }

    @Test("a private key group or others may read is refused, naming the file, its mode and chmod 600")
    func keyPermissions() throws {
        let directory = try TestPaths.temporaryDirectory("tls-key-mode")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pki = try TestCertificates(in: directory.appendingPathComponent("pki"))
        let key = pki.path("server.key")
        chmod(key, 0o644)
        let config = directory.appendingPathComponent("config.toml")
        try ("[listener]\n" + pki.listenerSettings()).write(to: config, atomically: true, encoding: .utf8)
        let listen = try Subprocess.carequeue(["listen", "--db", directory.appendingPathComponent("cq.sqlite").path,
                                               "--config", config.path, "--port", "0"], timeout: 30)
        #expect(listen.status == 1)
        #expect(listen.stderr.contains("[listener] tls_private_key \(key) may be read by group or others (mode 644); run `chmod 600 \(key)`"),
                "\(listen.stderr)")
        #expect(!listen.stderr.contains("listening on"))

        chmod(pki.path("client.key"), 0o640)
        let send = try Subprocess.carequeue(["send", "--port", "1", "--ca", pki.path("ca.pem"), "--cert", pki.path("client.pem"),
                                             "--key", pki.path("client.key"), Self.sample], timeout: 30)
        #expect(send.status != 0)
        #expect(send.stderr.contains("--key \(pki.path("client.key")) may be read by group or others (mode 640)"), "\(send.stderr)")
    }

    @Test("a missing or non-PEM certificate file is named with its setting")
    func badFiles() throws {
        let directory = try TestPaths.temporaryDirectory("tls-bad-files")
        defer { try? FileManager.default.removeItem(at: directory) }
        let pki = try TestCertificates(in: directory.appendingPathComponent("pki"))
        let config = directory.appendingPathComponent("config.toml")
        let cases = [("missing.pem", "[listener] tls_certificate \(pki.path("missing.pem")) does not exist"),
                     ("server.csr", "[listener] tls_certificate \(pki.path("server.csr")) holds no PEM certificate")]
        for (certificate, complaint) in cases {
            try ("[listener]\n" + pki.listenerSettings(certificate: certificate)).write(to: config, atomically: true, encoding: .utf8)
            let listen = try Subprocess.carequeue(["listen", "--db", directory.appendingPathComponent("cq.sqlite").path,
                                                   "--config", config.path, "--port", "0"], timeout: 30)
            #expect(listen.status == 1)
            #expect(listen.stderr.contains(complaint), "\(listen.stderr)")
        }
    }
}
