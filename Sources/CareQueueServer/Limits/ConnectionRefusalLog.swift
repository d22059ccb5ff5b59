import Logging
import NIOCore
import Synchronization

/// Logs refused connections: one line each, but no more than `linesPerSecond`, so a peer that
/// reconnects in a loop cannot flood the log; the lines held back are counted in the next one.
final class ConnectionRefusalLog: Sendable {
    private struct Window {
        var start = NIODeadline.uptimeNanoseconds(0)
        var lines = 0
        var heldBack = 0
    }

    private let logger: Logger
    private let linesPerSecond: Int
    private let window = Mutex(Window())

    init(logger: Logger, linesPerSecond: Int = 10) {
        self.logger = logger
        self.linesPerSecond = linesPerSecond
    }

    func refused(peer: String, because refusal: ConnectionAdmission.Refusal, now: NIODeadline = .now()) {
        let heldBack: Int? = window.withLock { window in
            if now - window.start >= .seconds(1) {
                window.start = now
                window.lines = 0
            }
            guard window.lines < linesPerSecond else {
                window.heldBack += 1
                return nil
            }
            window.lines += 1
            defer { window.heldBack = 0 }
            return window.heldBack
        }
        guard let heldBack else { return }
        let more = heldBack > 0 ? " (\(heldBack) more refused and not logged)" : ""
        logger.warning("connection from \(peer) closed at once: \(refusal)\(more)")
    }
}

/// Closes a refused connection as soon as it is up, before anything is read from it.
final class CloseAtOnce: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    func channelActive(context: ChannelHandlerContext) {
        context.close(promise: nil)
    }
}
