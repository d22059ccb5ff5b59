import NIOCore

/// Splits an MLLP byte stream into frames, one `MLLPFrameEvent` per step.
///
///     ... junk ... | 0x0B | payload ................ | 0x1C | 0x0D | ... next frame
///                  | <VT> |                          | <FS> | <CR> |
///
/// - Bytes before a start block are discarded (`.junkDiscarded`).
/// - A start block inside an open frame drops that frame and opens a new one
///   (`.frameRestarted`); HL7 text never contains `<VT>`.
/// - `<FS>` followed by anything but `<CR>` is payload. This follows Mirth's frame reader, which
///   only ends a frame on the whole `<FS><CR>` sequence, rather than HAPI's, which aborts the
///   connection: keeping the byte loses nothing and the HL7 parser sees exactly what was sent.
///   A frame ends only when the `<CR>` has arrived, so a stream that stops after `<FS>` is
///   a truncated frame.
/// - A frame whose payload grows past `maxFrameBytes` is not buffered: only its head (up to the
///   first segment terminator, at most `maxHeadBytes`) is kept so the listener can read MSH and
///   send an AR; the rest is discarded as it streams past and `.oversizedFrame` is emitted when
///   the end block arrives.
/// - At the end of the stream an open frame becomes `.truncatedFrame`: never a message, never ACKed.
///
/// The decoder remembers how far it has searched an open frame, so each byte is looked at once
/// however the frame is split across reads.
public struct MLLPFrameDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = MLLPFrameEvent

    /// The default largest payload kept in memory: 16 MiB.
    public static let defaultMaxFrameBytes = 16 * 1024 * 1024
    /// The default largest head kept from an oversized frame: 4 KiB, room for any real MSH.
    public static let defaultMaxHeadBytes = 4 * 1024

    /// The largest payload delivered as `.message`; longer frames become `.oversizedFrame`.
    public let maxFrameBytes: Int
    /// The most bytes kept from the start of an oversized frame.
    public let maxHeadBytes: Int

    private enum Position: Sendable {
        case betweenFrames
        case inFrame
        case discardingOversizedFrame
    }

    private var position = Position.betweenFrames
    /// Payload bytes after the reader index already searched: they hold no `<VT>` and no `<FS><CR>`.
    private var searchedBytes = 0
    /// The kept start of the oversized frame being discarded.
    private var oversizedHead: ByteBuffer?
    private var oversizedHeadComplete = false
    /// Payload bytes of the oversized frame seen so far.
    private var oversizedBytes = 0

    /// Creates a decoder that delivers payloads up to `maxFrameBytes` and keeps `maxHeadBytes` of larger ones.
    public init(maxFrameBytes: Int = Self.defaultMaxFrameBytes, maxHeadBytes: Int = Self.defaultMaxHeadBytes) {
        precondition(maxFrameBytes >= 0, "maxFrameBytes must not be negative")
        precondition(maxHeadBytes >= 0, "maxHeadBytes must not be negative")
        self.maxFrameBytes = maxFrameBytes
        self.maxHeadBytes = maxHeadBytes
    }

    /// Bytes the decoder holds outside its input buffer: the head of an oversized frame, never
    /// more than `maxHeadBytes`.
    public var retainedByteCount: Int { oversizedHead?.readableBytes ?? 0 }

    /// One step: fires the next event, or asks for more data.
    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let event = nextEvent(from: &buffer) else { return .needMoreData }
        context.fireChannelRead(Self.wrapInboundOut(event))
        return .continue
    }

    /// Fires what is left, then `.truncatedFrame` when the stream ended inside a frame.
    public mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while let event = nextEvent(from: &buffer) {
            context.fireChannelRead(Self.wrapInboundOut(event))
        }
        if let event = endOfStream(&buffer) {
            context.fireChannelRead(Self.wrapInboundOut(event))
        }
        return .needMoreData
    }

    /// The next event from `buffer`, consuming what it accounts for; nil when more bytes are needed.
    ///
    /// Use this to split framed bytes outside a channel pipeline (a file of MLLP frames): call it
    /// until it returns nil, append more bytes, repeat; call `endOfStream` once nothing more will come.
    public mutating func nextEvent(from buffer: inout ByteBuffer) -> MLLPFrameEvent? {
        switch position {
        case .betweenFrames: return skipToStartBlock(&buffer)
        case .inFrame: return searchOpenFrame(&buffer)
        case .discardingOversizedFrame: return discardOversizedFrame(&buffer)
        }
    }

    /// What the end of the stream means now, consuming the rest of `buffer`: `.truncatedFrame`
    /// inside a frame, `.junkDiscarded` for unread bytes between frames, otherwise nil.
    ///
    /// Call it after `nextEvent(from:)` returned nil; the decoder is then ready for a new stream.
    public mutating func endOfStream(_ buffer: inout ByteBuffer) -> MLLPFrameEvent? {
        let unread = buffer.readableBytes
        buffer.moveReaderIndex(forwardBy: unread)
        let event: MLLPFrameEvent?
        switch position {
        case .betweenFrames: event = unread > 0 ? .junkDiscarded(byteCount: unread) : nil
        case .inFrame: event = .truncatedFrame(receivedBytes: unread)
        case .discardingOversizedFrame: event = .truncatedFrame(receivedBytes: oversizedBytes + unread)
        }
        enterBetweenFrames()
        return event
    }

    // MARK: - Steps

    private mutating func skipToStartBlock(_ buffer: inout ByteBuffer) -> MLLPFrameEvent? {
        let readable = buffer.readableBytes
        guard readable > 0 else { return nil }
        guard let start = buffer.firstOffset(of: MLLPFraming.startBlock) else {
            buffer.moveReaderIndex(forwardBy: readable)
            return .junkDiscarded(byteCount: readable)
        }
        if start > 0 {
            buffer.moveReaderIndex(forwardBy: start)
            return .junkDiscarded(byteCount: start)
        }
        buffer.moveReaderIndex(forwardBy: 1)
        position = .inFrame
        searchedBytes = 0
        return .frameStarted
    }

    private mutating func searchOpenFrame(_ buffer: inout ByteBuffer) -> MLLPFrameEvent? {
        let readable = buffer.readableBytes
        while searchedBytes < readable {
            guard let (offset, byte) = buffer.firstBlockByte(from: searchedBytes) else {
                searchedBytes = readable
                break
            }
            if byte == MLLPFraming.startBlock {
                buffer.moveReaderIndex(forwardBy: offset + 1)
                searchedBytes = 0
                return .frameRestarted(droppedBytes: offset)
            }
            guard offset + 1 < readable else {
                // `<FS>` is the last byte so far: whether it ends the frame depends on the next one.
                searchedBytes = offset
                break
            }
            guard buffer.getInteger(at: buffer.readerIndex + offset + 1, as: UInt8.self) == MLLPFraming.carriageReturn else {
                searchedBytes = offset + 1
                continue
            }
            enterBetweenFrames()
            if offset > maxFrameBytes {
                let head = headOf(buffer.readableBytesView.prefix(offset))
                buffer.moveReaderIndex(forwardBy: offset + 2)
                return .oversizedFrame(head: head, totalBytes: offset)
            }
            let payload = buffer.readSlice(length: offset)!
            buffer.moveReaderIndex(forwardBy: 2)
            return .message(payload)
        }
        if searchedBytes > maxFrameBytes {
            startDiscarding(&buffer)
        }
        return nil
    }

    private mutating func discardOversizedFrame(_ buffer: inout ByteBuffer) -> MLLPFrameEvent? {
        while buffer.readableBytes > 0 {
            let readable = buffer.readableBytes
            guard let (offset, byte) = buffer.firstBlockByte(from: 0) else {
                discardOversized(&buffer, count: readable)
                return nil
            }
            if byte == MLLPFraming.startBlock {
                discardOversized(&buffer, count: offset)
                buffer.moveReaderIndex(forwardBy: 1)
                let dropped = oversizedBytes
                enterBetweenFrames()
                position = .inFrame
                return .frameRestarted(droppedBytes: dropped)
            }
            guard offset + 1 < readable else {
                discardOversized(&buffer, count: offset)
                return nil
            }
            guard buffer.getInteger(at: buffer.readerIndex + offset + 1, as: UInt8.self) == MLLPFraming.carriageReturn else {
                discardOversized(&buffer, count: offset + 1)
                continue
            }
            discardOversized(&buffer, count: offset)
            buffer.moveReaderIndex(forwardBy: 2)
            let event = MLLPFrameEvent.oversizedFrame(head: oversizedHead ?? ByteBuffer(), totalBytes: oversizedBytes)
            enterBetweenFrames()
            return event
        }
        return nil
    }

    // MARK: - Oversized frames

    private mutating func startDiscarding(_ buffer: inout ByteBuffer) {
        let payloadSoFar = searchedBytes
        position = .discardingOversizedFrame
        searchedBytes = 0
        oversizedBytes = 0
        oversizedHead = ByteBuffer()
        oversizedHeadComplete = false
        discardOversized(&buffer, count: payloadSoFar)
    }

    /// Drops `count` payload bytes of the oversized frame, keeping what the head still needs.
    private mutating func discardOversized(_ buffer: inout ByteBuffer, count: Int) {
        if !oversizedHeadComplete {
            appendToHead(buffer.readableBytesView.prefix(count))
        }
        buffer.moveReaderIndex(forwardBy: count)
        oversizedBytes += count
    }

    private mutating func appendToHead(_ bytes: ByteBufferView) {
        let room = maxHeadBytes - (oversizedHead?.readableBytes ?? 0)
        let window = bytes.prefix(room)
        if let terminator = window.firstIndex(where: Self.isSegmentTerminator) {
            oversizedHead!.writeBytes(window[..<terminator])
            oversizedHeadComplete = true
        } else {
            oversizedHead!.writeBytes(window)
            oversizedHeadComplete = oversizedHead!.readableBytes >= maxHeadBytes
        }
    }

    /// A copy (never a slice: that would pin the whole frame's storage) of the head of `payload`.
    private func headOf(_ payload: ByteBufferView) -> ByteBuffer {
        let window = payload.prefix(maxHeadBytes)
        let end = window.firstIndex(where: Self.isSegmentTerminator) ?? window.endIndex
        return ByteBuffer(bytes: window[..<end])
    }

    private static func isSegmentTerminator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }

    private mutating func enterBetweenFrames() {
        position = .betweenFrames
        searchedBytes = 0
        oversizedHead = nil
        oversizedHeadComplete = false
        oversizedBytes = 0
    }
}
