import CareQueueCore
import Foundation
import Logging
import MLLP
import NIOCore
import NIOSSL
import NIOTLS

/// Holds a TLS connection back from the MLLP handlers until its handshake completes.
///
/// The MLLP handlers see `channelActive` only then, so a failed handshake — a plaintext client, a
/// missing or refused client certificate, a peer that never finishes — costs exactly one log line
/// ("TLS handshake failed: …") and no opened/closed/error lines. After the handshake it steps aside,
/// except that a peer closing without TLS's close_notify is an ordinary close, not an error: MLLP
/// framing already reports a close in the middle of a frame.
final class TLSHandshakeGate: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private enum State { case handshaking, open, failed }

    /// Seconds: `idle_timeout`, since until the handshake is done the peer has sent nothing usable.
    private let timeout: TimeInterval
    private var logger: Logger
    private var state = State.handshaking
    private var deadline: Scheduled<Void>?

    init(timeout: TimeInterval, logger: Logger) {
        self.timeout = timeout
        self.logger = logger
    }

    func channelActive(context: ChannelHandlerContext) {
        let peer = context.remoteAddress.map(MLLPConnectionHandler.describe) ?? "unknown"
        logger[metadataKey: "peer"] = "\(peer)"
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(Int64(timeout * 1_000_000_000))) { [self] in
            fail("not completed within idle_timeout (\(DurationText.forLog(timeout)))", context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case TLSUserEvent.handshakeCompleted = event, state == .handshaking else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        state = .open
        deadline?.cancel()
        context.fireChannelActive()
        let version = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self).tlsVersion
        logger.info("TLS handshake completed (\(version.map(Self.name) ?? "unknown version"))")
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        // The MLLP handlers never saw this connection open unless the handshake completed.
        if state == .open { context.fireChannelInactive() }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch state {
        case .handshaking:
            // The certificate BoringSSL refused is still there to say why (it is dropped on close).
            let peerCertificate = try? context.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self).peerCertificate
            fail(TLSFailureReason.describe(error, peerCertificate: peerCertificate), context: context)
        case .failed:
            break
        case .open:
            if case NIOSSLError.uncleanShutdown = error { return }
            context.fireErrorCaught(error)
        }
    }

    private func fail(_ reason: String, context: ChannelHandlerContext) {
        guard state == .handshaking else { return }
        state = .failed
        deadline?.cancel()
        // The reason may quote what the peer sent (an alert, a name): escaped and bounded.
        logger.notice("TLS handshake failed: \(UntrustedText.forLog(reason, limit: 200))")
        context.close(promise: nil)
    }

    private static func name(_ version: TLSVersion) -> String {
        switch version {
        case .tlsv1: return "TLS 1.0"
        case .tlsv11: return "TLS 1.1"
        case .tlsv12: return "TLS 1.2"
        case .tlsv13: return "TLS 1.3"
        }
    }
}
