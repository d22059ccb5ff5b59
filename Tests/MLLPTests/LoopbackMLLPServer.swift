#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import MLLP
import NIOCore
import NIOPosix
import Synchronization

/// A tiny MLLP peer on 127.0.0.1 for client tests: it answers each frame with `ACK|<payload>`.
///
/// A payload starting with `HOLD` gets no answer until the next frame arrives (on any
/// connection); the held answer is then written first, on the connection it belongs to.
/// A payload starting with `CLOSE` makes it close that connection without answering; one
/// starting with `RESET` makes it abort the connection (RST) without answering.
final class LoopbackMLLPServer: Sendable {
    let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let state: Shared

    final class Shared: Sendable {
        struct Held: Sendable {
            var channel: any Channel
            var reply: ByteBuffer
        }

        private let values = Mutex<(connections: Int, held: Held?)>((0, nil))

        var connections: Int { values.withLock { $0.connections } }

        func connectionAccepted() { values.withLock { $0.connections += 1 } }

        func hold(_ held: Held) { values.withLock { $0.held = held } }

        func takeHeld() -> Held? { values.withLock { values in defer { values.held = nil }; return values.held } }
    }

    /// Connections accepted so far.
    var connections: Int { state.connections }

    private init(port: Int, group: MultiThreadedEventLoopGroup, channel: any Channel, state: Shared) {
        self.port = port
        self.group = group
        self.channel = channel
        self.state = state
    }

    static func start() async throws -> LoopbackMLLPServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let state = Shared()
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                state.connectionAccepted()
                return child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.addHandlers([
                        ByteToMessageHandler(MLLPFrameDecoder()),
                        MessageToByteHandler(MLLPFrameEncoder()),
                        AckEachFrame(state: state),
                    ])
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let port = try require(channel.localAddress?.port)
        return LoopbackMLLPServer(port: port, group: group, channel: channel, state: state)
    }

    func shutdown() async throws {
        try await channel.close()
        try await group.shutdownGracefully()
    }
}

private func require<T>(_ value: T?) throws -> T {
    guard let value else { throw LoopbackServerFailed() }
    return value
}

private struct LoopbackServerFailed: Error {}

private final class AckEachFrame: ChannelInboundHandler {
    typealias InboundIn = MLLPFrameEvent
    typealias OutboundOut = ByteBuffer

    private let state: LoopbackMLLPServer.Shared

    init(state: LoopbackMLLPServer.Shared) { self.state = state }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .message(let payload) = Self.unwrapInboundIn(data) else { return }
        var reply = context.channel.allocator.buffer(string: "ACK|")
        reply.writeImmutableBuffer(payload)
        let text = String(buffer: payload)
        if text.hasPrefix("HOLD") {
            state.hold(.init(channel: context.channel, reply: reply))
            return
        }
        if text.hasPrefix("CLOSE") {
            context.close(promise: nil)
            return
        }
        if text.hasPrefix("RESET"), let socket = context.channel as? any SocketOptionProvider {
            // SO_LINGER with a zero timeout turns close() into an abortive RST.
            let channel = context.channel
            socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in channel.close(promise: nil) }
            return
        }
        if let held = state.takeHeld() {
            held.channel.writeAndFlush(held.reply, promise: nil)
        }
        context.writeAndFlush(Self.wrapOutboundOut(reply), promise: nil)
    }
}
