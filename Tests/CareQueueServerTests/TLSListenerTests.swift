import CareQueueCore
import CareQueueServer
import Foundation
import MLLP
import NIOCore
import NIOPosix
import NIOSSL
import Testing
import TestSupport

/// MLLP inside TLS: the same framing, ACKs and limits, and a failed handshake costs one log line.
@Suite("Listener over TLS", .serialized, .enabled(if: TestCertificates.shouldRun, "needs the openssl CLI"))
struct TLSListenerTests {
    static func pki() throws -> TestCertificates {
        try TestCertificates(in: try TestPaths.temporaryDirectory("tls-pki"))
    }

    static func serverContext(_ pki: TestCertificates, certificate: String = "server", clientCA: Bool = false) throws -> NIOSSLContext {
        try ListenerTLS.context(
            certificateChain: try NIOSSLCertificate.fromPEMFile(pki.path("\(certificate).pem")),
            privateKey: try NIOSSLPrivateKey(file: pki.path("\(certificate).key"), format: .pem),
            clientCAs: clientCA ? try NIOSSLCertificate.fromPEMFile(pki.path("ca.pem")) : nil)
    }

    static func clientTLS(_ pki: TestCertificates, certificate: String? = nil) throws -> MLLPClient.TLS {
        try MLLPClient.TLS(
            trustRoots: try NIOSSLCertificate.fromPEMFile(pki.path("ca.pem")),
            certificateChain: try certificate.map { try NIOSSLCertificate.fromPEMFile(pki.path("\($0).pem")) } ?? [],
            privateKey: try certificate.map { try NIOSSLPrivateKey(file: pki.path("\($0).key"), format: .pem) })
    }

    static func message(_ control: String) -> [UInt8] {
        Messages.bytes(Messages.oru(control: control, flag: "HH"))
    }

    @Test("a TLS client gets AA, by name and by address, and the log says which TLS")
    func tlsClientGetsAA() async throws {
        let pki = try Self.pki()
        let capture = LogCapture()
        let live = try await LiveListener(logger: capture.logger(level: .info), tls: try Self.serverContext(pki))
        for (index, host) in ["localhost", "127.0.0.1"].enumerated() {
            let client = MLLPClient(host: host, port: live.port, tls: try Self.clientTLS(pki))
            let reply = try await client.send(Self.message("T\(index)"), timeout: .seconds(10))
            #expect(try live.ackCode(reply) == "AA")
            await client.close()
        }
        await live.stop()
        #expect(capture.all.filter { $0.text.hasSuffix("TLS handshake completed (TLS 1.3)") }.count == 2)
        #expect(capture.all.filter { $0.text.hasSuffix("connection opened") }.count == 2)
        #expect(!capture.all.contains { $0.level >= .warning }, "\(capture.all.map(\.text))")
    }

    @Test("a plaintext client gets no ACK and costs one log line; the listener goes on")
    func plaintextClientOneLine() async throws {
        let pki = try Self.pki()
        let capture = LogCapture()
        let live = try await LiveListener(logger: capture.logger(level: .trace), tls: try Self.serverContext(pki))
        let plain = MLLPClient(host: "127.0.0.1", port: live.port)
        let reply = try? await plain.send(Self.message("P1"), timeout: .seconds(5))
        await plain.close()
        #expect(reply == nil)
        // The listener closed that connection; give its close a moment to be logged, if it were.
        try await Task.sleep(for: .milliseconds(200))
        let failedLines = capture.all
        #expect(failedLines.count == 1, "\(failedLines.map(\.text))")
        #expect(failedLines.first?.level == .notice)
        #expect(failedLines.first?.text.contains("peer=127.0.0.1:") == true)
        #expect(failedLines.first?.text.contains("TLS handshake failed: wrong version number") == true, "\(failedLines.map(\.text))")

        let client = MLLPClient(host: "localhost", port: live.port, tls: try Self.clientTLS(pki))
        #expect(try live.ackCode(try await client.send(Self.message("P2"), timeout: .seconds(10))) == "AA")
        await client.close()
        await live.stop()
        #expect(try live.derived().tasks().count == 1)
    }

    @Test("a peer that connects and never shakes hands is closed after idle_timeout, with one log line")
    func silentPeerIdlesOut() async throws {
        let pki = try Self.pki()
        let capture = LogCapture()
        let live = try await LiveListener(logger: capture.logger(level: .trace), tls: try Self.serverContext(pki)) {
            $0.idleTimeout = 0.6
        }
        let connection = try RawConnection(port: live.port)
        let started = Date()
        let closed = connection.isClosedByPeer(within: 10)
        let elapsed = Date().timeIntervalSince(started)
        try await Task.sleep(for: .milliseconds(100))
        await live.stop()
        #expect(closed)
        #expect(elapsed >= 0.5 && elapsed < 3)
        #expect(capture.all.count == 1, "\(capture.all.map(\.text))")
        #expect(capture.all.first?.text.hasSuffix("TLS handshake failed: not completed within idle_timeout (600 ms)") == true)
    }

    @Test("inside TLS, a partial frame is closed after partial_frame_timeout and a silent connection after idle_timeout")
    func timeoutsInsideTLS() async throws {
        let pki = try Self.pki()
        let capture = LogCapture()
        let live = try await LiveListener(logger: capture.logger(level: .info), tls: try Self.serverContext(pki)) {
            $0.partialFrameTimeout = 1
            $0.idleTimeout = 2.5
        }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(pki.path("ca.pem")))
        let context = try NIOSSLContext(configuration: configuration)
        /// A bare TLS connection: writes whatever it is given, frames or not.
        func connect() async throws -> any Channel {
            try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: context, serverHostname: "localhost"))
                    }
                }
                .connect(host: "127.0.0.1", port: live.port).get()
        }
        /// Seconds until the listener closed `channel`, or nil after 10 s.
        func secondsUntilClosed(_ channel: any Channel, since start: Date) async throws -> TimeInterval? {
            while channel.isActive, Date().timeIntervalSince(start) < 10 { try await Task.sleep(for: .milliseconds(20)) }
            return channel.isActive ? nil : Date().timeIntervalSince(start)
        }

        let partial = try await connect()
        // Timed from the frame's first bytes, not the handshake, which a loaded host may slow: at
        // least the timeout after the write began, and well short of idle_timeout after it ended.
        let writeBegan = Date()
        try await partial.writeAndFlush(ByteBuffer(bytes: [0x0B] + Array("MSH|^~\\&|LAB|HOSP".utf8)))
        let writeEnded = Date()
        let partialClosed = try #require(try await secondsUntilClosed(partial, since: writeBegan))
        #expect(partialClosed >= 0.9 && partialClosed - writeEnded.timeIntervalSince(writeBegan) < 2.4, "\(partialClosed)")

        let silentStart = Date()
        let silent = try await connect()
        let silentClosed = try #require(try await secondsUntilClosed(silent, since: silentStart))
        #expect(silentClosed >= 2.4 && silentClosed < 5, "\(silentClosed)")
        await live.stop()
        #expect(capture.all.contains { $0.text.hasSuffix("no end of frame within 1 s: closing without ACK") })
        #expect(capture.all.contains { $0.text.hasSuffix("idle for 2.5 s: closing") })
        #expect(try live.derived().tasks().isEmpty)
    }

    @Test("the frame cap applies inside TLS: an oversized frame is answered AR")
    func frameCapInsideTLS() async throws {
        let pki = try Self.pki()
        let live = try await LiveListener(tls: try Self.serverContext(pki)) { $0.maxFrameBytes = 1024 }
        let client = MLLPClient(host: "localhost", port: live.port, tls: try Self.clientTLS(pki))
        let big = Messages.bytes(Messages.oru(control: "BIG", flag: "HH")) + Array(repeating: UInt8(ascii: "x"), count: 4096)
        #expect(try live.ackCode(try await client.send(big, timeout: .seconds(10))) == "AR")
        await client.close()
        await live.stop()
    }

    @Test("the client refuses a server certificate that is expired, names another host or comes from an unknown CA",
          arguments: [("server-expired", "localhost", "certificate has expired"),
                      ("server-elsewhere", "127.0.0.1", "the certificate does not name this host"),
                      ("server-elsewhere", "localhost", "the certificate does not name this host"),
                      ("stranger", "localhost", "certificate verify failed: not issued by a trusted CA")])
    func clientChecksTheServer(certificate: String, host: String, reason: String) async throws {
        let pki = try Self.pki()
        let live = try await LiveListener(tls: try Self.serverContext(pki, certificate: certificate))
        let client = MLLPClient(host: host, port: live.port, tls: try Self.clientTLS(pki))
        let error = await #expect(throws: MLLPClientError.self) { try await client.connect() }
        if case .tlsHandshakeFailed(let text)? = error?.kind {
            #expect(text.hasPrefix(reason), "\(text)")
        } else {
            Issue.record("expected a TLS failure, got \(String(describing: error))")
        }
        #expect(error?.description.hasPrefix("TLS handshake with \(host):\(live.port) failed: ") == true)
        await client.close()
        await live.stop()
        #expect(try live.derived().tasks().isEmpty)
    }

    @Test("mutual TLS: a client certificate from the CA gets AA; none, a stranger's or an expired one is refused")
    func mutualTLS() async throws {
        let pki = try Self.pki()
        let capture = LogCapture()
        let live = try await LiveListener(logger: capture.logger(level: .notice),
                                          tls: try Self.serverContext(pki, clientCA: true))
        let refused: [(certificate: String?, reason: String)] = [
            (nil, "peer did not return a certificate"),
            ("stranger", "certificate verify failed: not issued by a trusted CA"),
            ("client-expired", "certificate has expired"),
        ]
        for (index, row) in refused.enumerated() {
            let client = MLLPClient(host: "localhost", port: live.port, tls: try Self.clientTLS(pki, certificate: row.certificate))
            // TLS 1.3: the client's side of the handshake ends first; the refusal comes as an alert.
            let error = await #expect(throws: MLLPClientError.self) {
                _ = try await client.send(Self.message("M\(index)"), timeout: .seconds(10))
            }
            if case .tlsHandshakeFailed(let reason)? = error?.kind {
                #expect(reason.hasPrefix("refused by the peer"), "\(reason)")
            } else {
                Issue.record("expected a TLS refusal, got \(String(describing: error))")
            }
            await client.close()
            try await Task.sleep(for: .milliseconds(100))
            let lines = capture.all.filter { $0.text.contains("TLS handshake failed") }
            #expect(lines.count == index + 1)
            #expect(lines.last?.text.contains(row.reason) == true, "\(lines.map(\.text))")
        }
        let client = MLLPClient(host: "localhost", port: live.port, tls: try Self.clientTLS(pki, certificate: "client"))
        #expect(try live.ackCode(try await client.send(Self.message("M9"), timeout: .seconds(10))) == "AA")
        await client.close()
        await live.stop()
        #expect(try live.derived().tasks().count == 1)
    }
}
