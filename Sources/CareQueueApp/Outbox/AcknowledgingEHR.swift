import Foundation
import HL7
import MLLP
import NIOCore
import NIOPosix
import Synchronization

/// A stand-in EHR on loopback that answers every HL7 message AA (HL7's own ACK builder) and counts
/// them: what the demo writes back to, and the receiver `bench outbox` measures delivery against.
public final class AcknowledgingEHR: Sendable {
    private let channel: any Channel
    private let counter: Counter

    /// The port it listens on (127.0.0.1).
    public var port: Int { channel.localAddress?.port ?? 0 }

    /// Messages answered so far.
    public var received: Int { counter.value.withLock { $0 } }

    final class Counter: Sendable {
        let value = Mutex(0)
    }

    /// Binds `127.0.0.1:port` (0: a free port).
    public init(port: Int = 0, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) async throws {
        let counter = Counter()
        self.counter = counter
        channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(MLLPFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(Responder(counter: counter))
                }
            }
            .bind(host: "127.0.0.1", port: port).get()
    }

    public func close() async {
        try? await channel.close().get()
    }

    private final class Responder: ChannelInboundHandler, Sendable {
        typealias InboundIn = MLLPFrameEvent
        typealias OutboundOut = ByteBuffer
        let counter: Counter
        let builder = HL7AckBuilder()

        init(counter: Counter) { self.counter = counter }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .message(let payload) = unwrapInboundIn(data),
                  let message = try? HL7Message(parsing: Array(payload.readableBytesView)) else { return }
            let ack = builder.acknowledgment(for: message, code: .applicationAccept, at: Date())
            var frame = context.channel.allocator.buffer(capacity: ack.count + MLLPFraming.overheadBytes)
            MLLPFraming.writeFrame(ack, to: &frame)
            counter.value.withLock { $0 += 1 }
            context.writeAndFlush(wrapOutboundOut(frame), promise: nil)
        }
    }
}
