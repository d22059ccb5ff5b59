import Foundation
import NIOCore
import NIOSSL
import NIOTLS

/// Tells an `MLLPClient` when its connection's TLS handshake is done, or why it failed, so that a
/// refused certificate is reported as such when connecting rather than as a lost reply.
///
/// Sits right after `NIOSSLClientHandler`; every method runs on the channel's event loop.
final class TLSHandshakeWaiter: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    /// Succeeds when the handshake completes; fails with `MLLPClientError` (`.tlsHandshakeFailed`).
    let done: EventLoopPromise<Void>
    private let timeout: TimeAmount
    private let host: String
    private let port: Int
    private var isDone = false
    private var deadline: Scheduled<Void>?

    init(eventLoop: any EventLoop, timeout: TimeAmount, host: String, port: Int) {
        done = eventLoop.makePromise()
        self.timeout = timeout
        self.host = host
        self.port = port
    }

    func channelActive(context: ChannelHandlerContext) {
        // A server that accepts the connection but never answers the handshake must not hang the client.
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            fail("no handshake within \(timeout.nanoseconds / 1_000_000_000) s", context: context)
        }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event, !isDone {
            isDone = true
            deadline?.cancel()
            done.succeed()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard isDone else {
            // The certificate BoringSSL refused is still there to say why (it is dropped on close).
            let peer = try? context.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self).peerCertificate
            fail(TLSFailureReason.describe(error, peerCertificate: peer), context: context)
            return
        }
        context.fireErrorCaught(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail("the connection closed during the handshake", context: context)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        fail("the connection closed during the handshake", context: context)
    }

    private func fail(_ reason: String, context: ChannelHandlerContext) {
        guard !isDone else { return }
        isDone = true
        deadline?.cancel()
        done.fail(MLLPClientError(.tlsHandshakeFailed(reason), host: host, port: port))
        context.close(promise: nil)
    }
}
