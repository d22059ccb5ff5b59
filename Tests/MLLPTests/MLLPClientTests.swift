import Foundation
import MLLP
import NIOCore
import NIOPosix
import TestSupport
import Testing

@Suite("MLLP client over loopback")
struct MLLPClientTests {
    typealias F = Fixture

    // Generous: a stalled CI machine must not turn a wait into a failure; a passing test never waits it out.
    static let patience = TimeAmount.seconds(60)

    /// Runs `body` against a fresh loopback server and a client for it, then closes both.
    func withServer(_ body: (LoopbackMLLPServer, MLLPClient) async throws -> Void) async throws {
        let server = try await LoopbackMLLPServer.start()
        let client = MLLPClient(host: "127.0.0.1", port: server.port)
        do {
            try await body(server, client)
        } catch {
            await client.close()
            try await server.shutdown()
            throw error
        }
        await client.close()
        try await server.shutdown()
    }

    static func ack(_ payload: [UInt8]) -> [UInt8] { F.bytes("ACK|") + payload }

    @Test func roundTrip() async throws {
        try await withServer { server, client in
            let reply = try await client.send(F.oru, timeout: Self.patience)
            #expect(reply == Self.ack(F.oru))
            #expect(server.connections == 1)
        }
    }

    @Test func sequentialMessagesShareOneConnection() async throws {
        try await withServer { server, client in
            for index in 1...5 {
                let payload = F.bytes("MSH|^~\\&|LAB|ACME|CQ|CLINIC|20250101||ORU^R01|CTRL\(index)|P|2.5.1\r")
                let reply = try await client.send(payload, timeout: Self.patience)
                #expect(reply == Self.ack(payload))
            }
            #expect(server.connections == 1)
        }
    }

    @Test func concurrentSendsOnOneClientEachGetTheirOwnReply() async throws {
        try await withServer { server, client in
            let replies = try await withThrowingTaskGroup(of: (Int, [UInt8]?).self) { group in
                for index in 1...8 {
                    group.addTask { (index, try await client.send(F.bytes("MSG-\(index)"), timeout: Self.patience)) }
                }
                return try await group.reduce(into: [:]) { $0[$1.0] = $1.1 }
            }
            for index in 1...8 {
                #expect(replies[index] == Self.ack(F.bytes("MSG-\(index)")))
            }
            #expect(server.connections == 1)
        }
    }

    @Test func timeoutReturnsNilAndTheNextSendUsesAFreshConnection() async throws {
        try await withServer { server, client in
            let unanswered = try await client.send(F.bytes("HOLD-1"), timeout: .milliseconds(200))
            #expect(unanswered == nil)

            // The server now writes the held ACK|HOLD-1 first: on a reused connection it would be
            // taken for this message's reply.
            let reply = try await client.send(F.bytes("MSG-2"), timeout: Self.patience)
            #expect(reply == Self.ack(F.bytes("MSG-2")))
            #expect(server.connections == 2)
        }
    }

    @Test func peerClosingBeforeTheReplyThrowsThenTheNextSendReconnects() async throws {
        try await withServer { server, client in
            let error = await #expect(throws: MLLPClientError.self) {
                try await client.send(F.bytes("CLOSE-1"), timeout: Self.patience)
            }
            #expect(error == MLLPClientError(.connectionClosed, host: "127.0.0.1", port: server.port))
            #expect(error?.description == "connection closed by 127.0.0.1:\(server.port) before it answered")

            let reply = try await client.send(F.bytes("MSG-2"), timeout: Self.patience)
            #expect(reply == Self.ack(F.bytes("MSG-2")))
            #expect(server.connections == 2)
        }
    }

    @Test func peerResettingTheConnectionThrowsConnectionReset() async throws {
        try await withServer { server, client in
            let error = await #expect(throws: MLLPClientError.self) {
                try await client.send(F.bytes("RESET-1"), timeout: Self.patience)
            }
            #expect(error?.kind == .connectionReset)
            #expect(error?.description == "connection reset by 127.0.0.1:\(server.port)")

            let reply = try await client.send(F.bytes("MSG-2"), timeout: Self.patience)
            #expect(reply == Self.ack(F.bytes("MSG-2")))
        }
    }

    @Test func connectionRefusedNamesTheAddress() async throws {
        // A bound socket that never listens: connecting is refused, and no other test running in
        // parallel can be handed this port meanwhile (a closed server's port could be reused).
        let reserved = try ReservedPort()
        defer { reserved.release() }
        let port = reserved.port
        let client = MLLPClient(host: "127.0.0.1", port: port)

        let error = await #expect(throws: MLLPClientError.self) {
            try await client.send(F.oru, timeout: Self.patience)
        }
        #expect(error?.kind == .connectionRefused)
        #expect(error?.description == "connection refused by 127.0.0.1:\(port)")

        let connectError = await #expect(throws: MLLPClientError.self) { try await client.connect() }
        #expect(connectError?.kind == .connectionRefused)
        await client.close()
    }

    @Test func sendAfterCloseThrowsClientClosed() async throws {
        try await withServer { server, client in
            try await client.connect()
            await client.close()
            let error = await #expect(throws: MLLPClientError.self) {
                try await client.send(F.oru, timeout: Self.patience)
            }
            #expect(error?.kind == .clientClosed)
            #expect(server.connections == 1)
        }
    }

    static let errorDescriptions: [(MLLPClientError.Kind, String)] = [
        (.connectionRefused, "connection refused by lab.example:2575"),
        (.connectTimedOut, "timed out connecting to lab.example:2575"),
        (.hostNotFound, "cannot resolve host lab.example:2575"),
        (.connectionReset, "connection reset by lab.example:2575"),
        (.connectionClosed, "connection closed by lab.example:2575 before it answered"),
        (.replyTooLarge, "reply from lab.example:2575 is larger than the client accepts"),
        (.clientClosed, "client for lab.example:2575 is closed"),
        (.tlsHandshakeFailed("certificate has expired"), "TLS handshake with lab.example:2575 failed: certificate has expired"),
        (.other("Broken things"), "connection to lab.example:2575 failed: Broken things"),
    ]

    @Test("error descriptions name the peer", arguments: errorDescriptions)
    func errorDescription(kind: MLLPClientError.Kind, expected: String) {
        #expect(MLLPClientError(kind, host: "lab.example", port: 2575).description == expected)
    }
}
