import Foundation
import MLLP
import Testing

/// Bytes discarded outside any frame are not activity: a peer that only trickles junk is closed
/// after `idle_timeout`, while a peer exchanging frames is not.
@Suite("Hostile input: idle connections", .serialized)
struct IdleTimeoutTests {
    static let idle: TimeInterval = 0.6

    @Test("a trickle of junk outside any frame is closed after idle_timeout")
    func junkIsNotActivity() async throws {
        let live = try await LiveListener { $0.idleTimeout = Self.idle }
        // Before connecting: the listener's idle clock starts when it accepts, so a test thread
        // descheduled after the connect would otherwise measure less than the idle timeout.
        let started = Date()
        let connection = try RawConnection(port: live.port)
        var closed = false
        while !closed, Date().timeIntervalSince(started) < 10 {
            connection.send(Array("junk\r\n".utf8))
            closed = connection.isClosedByPeer(within: 0.1)
        }
        let elapsed = Date().timeIntervalSince(started)
        await live.stop()
        #expect(closed)
        #expect(elapsed >= Self.idle && elapsed < Self.idle + 2)
    }

    @Test("a peer sending frames more often than idle_timeout stays connected, then idles out")
    func framesAreActivity() async throws {
        let live = try await LiveListener { $0.idleTimeout = Self.idle }
        let connection = try RawConnection(port: live.port)
        for index in 0..<6 {
            let frame = MLLPFraming.frame(Draft().with { $0.control = "K\(index)"; $0.filler = "F\(index)" }.bytes)
            #expect(connection.send(frame))
            // Waiting for the connection to close doubles as the pause between frames.
            #expect(!connection.isClosedByPeer(within: 0.25))
        }
        var closed = false
        let silentSince = Date()
        while !closed, Date().timeIntervalSince(silentSince) < 10 { closed = connection.isClosedByPeer(within: 0.1) }
        await live.stop()
        #expect(closed)
    }
}
