import NIOCore

/// Hands the next inbound frame to the one sender waiting for it (stop-and-wait), or nil at its deadline.
///
/// Lives in an `MLLPClient` connection's pipeline after `MLLPFrameDecoder`; every method runs
/// on the channel's event loop. A frame that arrives when nobody waits is dropped: the client
/// never reuses a connection after a missed reply, so such a frame is a peer's extra ACK.
final class MLLPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = MLLPFrameEvent

    private var context: ChannelHandlerContext?
    private var waiter: CheckedContinuation<ByteBuffer?, any Error>?
    private var deadline: Scheduled<Void>?
    /// False once the channel went inactive or the handler left the pipeline.
    private(set) var isOpen = false
    /// Why the connection failed while nobody waited (a TLS 1.3 server refusing the client's
    /// certificate after the client's handshake is done), for the next sender instead of a bare "closed".
    private var failureWhileIdle: (any Error)?

    /// Resumes `continuation` with the next frame, with nil after `timeout` (and closes the
    /// channel, so a late reply cannot be taken for the next message's), or with an error.
    func awaitReply(timeout: TimeAmount, continuation: CheckedContinuation<ByteBuffer?, any Error>) {
        precondition(waiter == nil, "one reply awaited at a time")
        guard isOpen, let context else {
            continuation.resume(throwing: failureWhileIdle ?? ReplyFailure(kind: .connectionClosed))
            return
        }
        waiter = continuation
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [self] in
            self.deadline = nil
            self.isOpen = false
            self.resumeWaiter(with: .success(nil))
            self.context?.close(promise: nil)
        }
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        isOpen = context.channel.isActive
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        isOpen = false
        resumeWaiter(with: .failure(ReplyFailure(kind: .connectionClosed)))
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        isOpen = true
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        isOpen = false
        resumeWaiter(with: .failure(ReplyFailure(kind: .connectionClosed)))
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch Self.unwrapInboundIn(data) {
        case .message(let reply):
            resumeWaiter(with: .success(reply))
        case .oversizedFrame:
            resumeWaiter(with: .failure(ReplyFailure(kind: .replyTooLarge)))
            context.close(promise: nil)
        case .frameStarted, .junkDiscarded, .frameRestarted, .truncatedFrame:
            break
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if waiter == nil { failureWhileIdle = error }
        resumeWaiter(with: .failure(error))
        context.close(promise: nil)
    }

    private func resumeWaiter(with result: Result<ByteBuffer?, any Error>) {
        guard let waiter else { return }
        self.waiter = nil
        deadline?.cancel()
        deadline = nil
        waiter.resume(with: result)
    }
}
