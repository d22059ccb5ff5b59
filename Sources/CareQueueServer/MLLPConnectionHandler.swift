import CareQueueCore
import Foundation
import HL7
import Logging
import MLLP
import NIOCore

/// One MLLP connection: frames in, each handed to the store, each ACK written after its commit.
///
/// ```
/// <VT> payload <FS><CR>  ──▶ FrameIntake ──▶ IngestSink (writer thread, group commit)
///                                                 │ completion (after COMMIT)
/// <VT> ACK <FS><CR>  ◀── this channel's event loop ◀┘
/// ```
/// ACKs leave in arrival order: the writer completes items in queue order and each completion
/// hops to this channel's single event loop. The event loop never touches the database.
///
/// Idle means no frame activity: bytes discarded outside any frame do not count, so a peer that
/// only trickles junk is closed after `idle_timeout` like a silent one.
final class MLLPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = MLLPFrameEvent
    typealias OutboundOut = ByteBuffer

    private let intake: FrameIntake
    private let composer: AckComposer
    private let sink: any IngestSink
    private let clock: any TimeSource
    private let stats: ListenerStats
    private let settings: CareQueueConfig.Listener
    private var logger: Logger
    private var partialFrameDeadline: Scheduled<Void>?
    private var idleCheck: Scheduled<Void>?
    private var lastActivity = NIODeadline.now()
    private var pendingAcks = 0
    /// A frame has started and not yet ended.
    private var frameOpen = false
    /// Reading stopped to stay within the buffer budget: neither idle nor a slow frame.
    private var readingPaused = false

    init(intake: FrameIntake, composer: AckComposer, sink: any IngestSink, clock: any TimeSource,
         stats: ListenerStats, settings: CareQueueConfig.Listener, logger: Logger) {
        self.intake = intake
        self.composer = composer
        self.sink = sink
        self.clock = clock
        self.stats = stats
        self.settings = settings
        self.logger = logger
    }

    private var peer = "unknown"

    func channelActive(context: ChannelHandlerContext) {
        peer = context.remoteAddress.map(Self.describe) ?? "unknown"
        logger[metadataKey: "peer"] = "\(peer)"
        stats.connectionOpened()
        logger.info("connection opened")
        noteActivity()
        scheduleIdleCheck(at: lastActivity + idleTimeout, context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        partialFrameDeadline?.cancel()
        idleCheck?.cancel()
        stats.connectionClosed()
        logger.info("connection closed")
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let event = unwrapInboundIn(data)
        if case .junkDiscarded = event {} else { noteActivity() }
        switch event {
        case .frameStarted:
            frameOpen = true
            armPartialFrameDeadline(context: context)
        case .frameRestarted(let dropped):
            logger.notice("second start block inside a frame: \(dropped) bytes dropped, frame restarted")
            armPartialFrameDeadline(context: context)
        case .junkDiscarded(let count):
            logger.debug("\(count) bytes outside any frame discarded")
        case .truncatedFrame(let received):
            frameEnded()
            logger.notice("connection closed mid-frame after \(received) bytes: no ACK sent")
        case .message(let buffer):
            frameEnded()
            let decision = intake.classify(Array(buffer.readableBytesView), peer: peer, receivedAt: clock.now())
            hand(decision, payloadBytes: buffer.readableBytes, context: context)
        case .oversizedFrame(let head, let total):
            frameEnded()
            logger.warning("frame of \(total) bytes over the \(settings.maxFrameBytes)-byte limit: discarded, answering AR")
            let decision = intake.classifyOversized(head: Array(head.readableBytesView), totalBytes: total,
                                                    limit: settings.maxFrameBytes, peer: peer, receivedAt: clock.now())
            hand(decision, payloadBytes: 0, context: context)
        }
    }

    private func frameEnded() {
        frameOpen = false
        partialFrameDeadline?.cancel()
    }

    /// Time spent waiting for the buffer budget is the listener's, not the sender's: the
    /// partial-frame clock stops meanwhile and starts afresh when reading resumes.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let reading = event as? ReadingPaused else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        readingPaused = reading == .paused
        noteActivity()
        if readingPaused {
            partialFrameDeadline?.cancel()
        } else if frameOpen {
            armPartialFrameDeadline(context: context)
        }
    }

    private var idleTimeout: TimeAmount { .nanoseconds(Int64(settings.idleTimeout * 1_000_000_000)) }

    private func noteActivity() {
        lastActivity = .now()
    }

    /// Closes the connection once nothing but junk (or nothing at all) arrived for `idle_timeout`.
    private func scheduleIdleCheck(at deadline: NIODeadline, context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        idleCheck = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.checkIdle(context: context)
        }
    }

    private func checkIdle(context: ChannelHandlerContext) {
        let now = NIODeadline.now()
        // A sender waiting for an ACK is not idle, whatever the socket says.
        if pendingAcks == 0, !readingPaused, now >= lastActivity + idleTimeout {
            logger.info("idle for \(DurationText.forLog(settings.idleTimeout)): closing")
            context.close(promise: nil)
            return
        }
        // Waiting on an ACK: look again a whole timeout later; else exactly when it would expire.
        scheduleIdleCheck(at: (pendingAcks > 0 || readingPaused ? now : lastActivity) + idleTimeout, context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // One connection's failure never reaches the listener or other connections.
        logger.error("connection error: \(UntrustedText.forLog(String(describing: error), limit: 200))")
        context.close(promise: nil)
    }

    private func hand(_ decision: IntakeDecision, payloadBytes: Int, context: ChannelHandlerContext) {
        stats.messageReceived(at: decision.item.receivedAt)
        pendingAcks += 1
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let inbound = decision.inbound
        let composer = composer
        let clock = clock
        sink.submit(decision.item) { result in
            eventLoop.execute {
                let (handler, context) = loopBound.value
                handler.answer(inbound: inbound, result: result, payloadBytes: payloadBytes, composer: composer,
                               now: clock.now(), context: context)
            }
        }
    }

    private func answer(inbound: HL7Message?, result: Result<IngestOutcome, StoreFailure>, payloadBytes: Int,
                        composer: AckComposer, now: Date, context: ChannelHandlerContext) {
        pendingAcks -= 1
        if payloadBytes > 0 { context.triggerUserOutboundEvent(MessageAnswered(payloadBytes: payloadBytes), promise: nil) }
        defer { stats.messageAnswered() }
        if case .failure(let failure) = result {
            logger.error("store failed, answering AR/CR 207: \(UntrustedText.forLog(failure.description, limit: 300))")
        }
        if case .success(.refused(let refusal)) = result {
            // Above debug: only who sent it, its id, type, the answer and where it broke.
            let line = RefusalLogLine(refusal: refusal, inbound: inbound)
            logger.notice("\(line.summary)")
            logger.debug("\(line.detail)")
        }
        guard let ack = composer.ack(for: inbound, result: result, at: now) else { return }
        noteActivity()
        guard context.channel.isActive else {
            logger.notice("sender left before its ACK could be written (message is stored)")
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: ack.count)
        buffer.writeBytes(ack)
        context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
    }

    private func armPartialFrameDeadline(context: ChannelHandlerContext) {
        partialFrameDeadline?.cancel()
        let timeout = settings.partialFrameTimeout
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        let logger = logger
        partialFrameDeadline = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(timeout * 1_000_000_000))) {
            logger.notice("no end of frame within \(DurationText.forLog(timeout)): closing without ACK")
            loopBound.value.close(promise: nil)
        }
    }

    static func describe(_ address: SocketAddress) -> String {
        if let ip = address.ipAddress, let port = address.port {
            return ip.contains(":") ? "[\(ip)]:\(port)" : "\(ip):\(port)"
        }
        return "\(address)"
    }
}
