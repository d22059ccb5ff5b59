import MLLP
import NIOCore

/// Told by the connection handler (as a user outbound event) once a message has been answered:
/// its bytes no longer count against the connection's share of the buffer budget.
struct MessageAnswered {
    var payloadBytes: Int
}

/// Sent up the pipeline when this connection stops reading to stay within the buffer budget, and
/// when it reads again: the handler does not count the pause against the partial-frame timeout.
enum ReadingPaused: Equatable {
    case paused
    case resumed
}

/// Splits the byte stream into MLLP frame events, like `ByteToMessageHandler(MLLPFrameDecoder)`,
/// and keeps what this connection holds in memory within its share of the listener's budget.
///
/// Held bytes are the unread input (an open frame), the head kept from an oversized frame, and
/// the messages handed on but not yet answered. Up to `freeAllowance` needs no share, so ordinary
/// messages never touch the budget. Beyond it the connection asks for a share covering one whole
/// frame while it is read, parsed and stored; until granted it withholds `read()`, so the kernel
/// keeps the sender's bytes. The share is returned once the held bytes fit the allowance again,
/// i.e. when the large message has been answered.
final class BudgetedFrameReader: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = MLLPFrameEvent
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The most one socket read delivers (NIO's adaptive allocator stops at 64 KiB).
    static let readChunk = 64 * 1024
    /// Held bytes a connection needs no share for: two reads, room for any everyday message.
    static let freeAllowance = 2 * readChunk

    private var decoder: MLLPFrameDecoder
    private let budget: BufferBudget
    private var input: ByteBuffer?
    private var awaitingAnswer = 0
    private var share = 0
    private var ticket: Int?
    /// A `read()` is held back; the handlers after this one were told reading is paused.
    private var readWithheld = false
    private var active = true

    init(maxFrameBytes: Int, budget: BufferBudget) {
        decoder = MLLPFrameDecoder(maxFrameBytes: maxFrameBytes)
        self.budget = budget
    }

    /// A message being parsed and stored peaks at about six times its size (measured with
    /// heaptrack on a 15.9 MB message: the raw bytes, the parser's copy, the decoded text, its JSON
    /// and SQLite's bound copies), so a share covers that, not only the frame's bytes.
    static let processingCopies = 6

    /// The largest frame with its framing bytes: what an admitted connection may buffer.
    private var wholeFrame: Int { decoder.maxFrameBytes + 3 }

    /// The budget a large frame takes: its processing peak, never more than the whole budget.
    private var wholeFrameShare: Int { min(Self.processingCopies * wholeFrame, budget.capacity) }

    private var heldBytes: Int { (input?.readableBytes ?? 0) + decoder.retainedByteCount + awaitingAnswer }

    private var mayRead: Bool { heldBytes + Self.readChunk <= Self.freeAllowance + (share > 0 ? wholeFrame : 0) }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        append(unwrapInboundIn(data))
        while input != nil, let event = decoder.nextEvent(from: &input!) {
            if case .message(let payload) = event { awaitingAnswer += payload.readableBytes }
            context.fireChannelRead(wrapInboundOut(event))
        }
        dropEmptyInput()
        returnShareIfUnneeded()
    }

    private func append(_ bytes: ByteBuffer) {
        guard input != nil else {
            input = bytes
            return
        }
        if share > 0, input!.writableBytes < bytes.readableBytes {
            // One allocation for the whole frame: growing by doubling would copy it and could pass the share.
            input!.reserveCapacity(minimumWritableBytes: max(bytes.readableBytes,
                                                             Self.freeAllowance + wholeFrame - input!.readableBytes))
        }
        var bytes = bytes
        input!.writeBuffer(&bytes)
    }

    /// Frees a consumed buffer's storage so a finished large frame is not kept alive by it.
    private func dropEmptyInput() {
        guard let buffer = input else { return }
        if buffer.readableBytes == 0 {
            input = nil
        } else if buffer.readerIndex > Self.readChunk {
            input!.discardReadBytes()
        }
    }

    func read(context: ChannelHandlerContext) {
        // A share granted at once (nobody waiting, room left) lets this read through unpaused.
        if !mayRead, share == 0, ticket == nil { askForShare(context: context) }
        if mayRead {
            context.read()
            return
        }
        guard !readWithheld else { return }
        readWithheld = true
        context.fireUserInboundEventTriggered(ReadingPaused.paused)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard let answered = event as? MessageAnswered else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        awaitingAnswer -= answered.payloadBytes
        promise?.succeed()
        returnShareIfUnneeded()
        resumeIfAllowed(context: context)
    }

    private func askForShare(context: ChannelHandlerContext) {
        let wanted = wholeFrameShare
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        let reservation = budget.reserve(wanted) {
            eventLoop.execute {
                let (reader, context) = loopBound.value
                reader.shareGranted(wanted, context: context)
            }
        }
        switch reservation {
        case .granted: shareGranted(wanted, context: context)
        case .queued(let ticket): self.ticket = ticket
        }
    }

    private func shareGranted(_ bytes: Int, context: ChannelHandlerContext) {
        ticket = nil
        guard active else {
            budget.release(bytes)
            return
        }
        share = bytes
        if readWithheld {
            resumeIfAllowed(context: context)
        } else {
            returnShareIfUnneeded()
        }
    }

    private func resumeIfAllowed(context: ChannelHandlerContext) {
        guard active, readWithheld, mayRead else { return }
        // Answers made room before the share came: leave the line (a grant already on its way is returned unused).
        if share == 0, let queued = ticket, budget.cancel(ticket: queued) { ticket = nil }
        readWithheld = false
        context.fireUserInboundEventTriggered(ReadingPaused.resumed)
        context.read()
    }

    /// Gives the share back once the held bytes fit the free allowance again.
    private func returnShareIfUnneeded() {
        guard share > 0, heldBytes + Self.readChunk <= Self.freeAllowance else { return }
        budget.release(share)
        share = 0
    }

    func channelInactive(context: ChannelHandlerContext) {
        var buffer = input ?? ByteBuffer()
        while let event = decoder.nextEvent(from: &buffer) {
            context.fireChannelRead(wrapInboundOut(event))
        }
        if let event = decoder.endOfStream(&buffer) {
            context.fireChannelRead(wrapInboundOut(event))
        }
        input = nil
        giveEverythingBack()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        giveEverythingBack()
    }

    /// A closed connection's share and place in line go back; answers still on their way no longer matter.
    private func giveEverythingBack() {
        active = false
        if let ticket, budget.cancel(ticket: ticket) { self.ticket = nil }
        if share > 0 {
            budget.release(share)
            share = 0
        }
    }
}
