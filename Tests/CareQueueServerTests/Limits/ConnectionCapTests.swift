import CareQueueCore
import Foundation
import HL7
import MLLP
import Testing
import TestSupport

/// The caps over a real socket: connections beyond them are closed at once while a sender that
/// was already connected keeps its ACKs; large frames from many senders take turns and all end AA.
@Suite("Listener limits: connection caps and the buffer budget", .serialized)
struct ConnectionCapTests {
    @Test("max_connections + 5 connections: the 5 are closed at once, one log line each; the sender keeps its ACKs")
    func totalCap() async throws {
        let capture = LogCapture()
        let live = try await LiveListener(logger: capture.logger(level: .warning)) {
            $0.maxConnections = 4
            $0.maxConnectionsPerPeer = 100
        }
        let sender = MLLPClient(host: "127.0.0.1", port: live.port)
        #expect(try live.ackCode(try await sender.send(Messages.bytes(Messages.oru(control: "before")), timeout: .seconds(10))) == "AA")
        // Which three of the eight are admitted depends on the accept order across event loops.
        let others = try (0..<8).map { _ in try RawConnection(port: live.port) }
        let closed = others.filter { $0.isClosedByPeer(within: 0.5) }
        #expect(closed.count == 5)
        #expect(try live.ackCode(try await sender.send(Messages.bytes(Messages.oru(control: "after")), timeout: .seconds(10))) == "AA")
        let lines = capture.all.filter { $0.text.contains("closed at once") }
        #expect(lines.count == 5)
        #expect(lines.allSatisfy { $0.text.contains("4 connections already open ([listener] max_connections)") })
        await sender.close()
        await live.stop()
    }

    @Test("max_connections_per_peer closes a third connection from one address, not one from another")
    func perPeerCap() async throws {
        let live = try await LiveListener {
            $0.maxConnections = 10
            $0.maxConnectionsPerPeer = 2
        }
        // Which of the three from one address is refused depends on the order the event loops admit them.
        var local: [RawConnection] = try (0..<3).map { _ in try RawConnection(port: live.port) }
        let elsewhere = try RawConnection(port: live.port, from: "127.0.0.2")
        let closed = local.indices.filter { local[$0].isClosedByPeer(within: 2) }
        #expect(closed.count == 1)
        #expect(!elsewhere.isClosedByPeer(within: 0.1))

        // Closing one makes room again for that address.
        local.removeAll { $0.isClosedByPeer(within: 0.1) }
        local.removeFirst()
        // The listener learns of the close on its event loop; on a loaded machine that can take a
        // while, so a new connection is tried until one is admitted (or five seconds pass).
        var admitted: RawConnection?
        let deadline = Date().addingTimeInterval(5)
        while admitted == nil, Date() < deadline {
            try await Task.sleep(for: .milliseconds(200))
            let again = try RawConnection(port: live.port)
            if !again.isClosedByPeer(within: 0.2) { admitted = again }
        }
        #expect(admitted != nil, "no room was made for the address after one of its connections closed")
        await live.stop()
    }

    @Test("eight senders of frames near the limit under a budget of one frame: all AA, none timed out waiting")
    func largeFramesTakeTurns() async throws {
        let live = try await LiveListener {
            $0.maxFrameBytes = 1_048_576
            $0.maxBufferedBytes = 1_048_576
            // Far shorter than the queue ahead of the last sender: waiting must not count.
            $0.partialFrameTimeout = 0.2
        }
        let codes = try await withThrowingTaskGroup(of: String.self) { group in
            for sender in 0..<8 {
                group.addTask {
                    var text = Messages.oru(control: "LARGE\(sender)")
                    text += "NTE|1||" + String(repeating: "x", count: 1_000_000) + "\r"
                    let client = MLLPClient(host: "127.0.0.1", port: live.port)
                    defer { Task { await client.close() } }
                    return try live.ackCode(try await client.send(Messages.bytes(text), timeout: .seconds(60)))
                }
            }
            var codes: [String] = []
            for try await code in group { codes.append(code) }
            return codes
        }
        #expect(codes == Array(repeating: "AA", count: 8))
        #expect(try live.derived().tasks().count == 8)
        await live.stop()
    }
}
