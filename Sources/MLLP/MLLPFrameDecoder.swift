import NIOCore

/// Splits an MLLP byte stream into frames, one `MLLPFrameEvent` per step.
///
///     ... junk ... | 0x0B | payload ................ | 0x1C | 0x0D | ... next frame
///                  | <VT> |                          | <FS> | <CR> |
///
/// The rules (junk, restarts, a lone `<FS>`, oversized frames, truncation) are
/// `MLLPFrameScanner`'s: this decoder runs the scanner over the readable bytes of its
/// `ByteBuffer` and turns each step into an event, a payload slice and a reader-index move.
public struct MLLPFrameDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = MLLPFrameEvent

    /// The default largest payload kept in memory: 16 MiB.
    public static let defaultMaxFrameBytes = MLLPFrameScanner.defaultMaxFrameBytes
    /// The default largest head kept from an oversized frame: 4 KiB, room for any real MSH.
    public static let defaultMaxHeadBytes = MLLPFrameScanner.defaultMaxHeadBytes

    /// The largest payload delivered as `.message`; longer frames become `.oversizedFrame`.
    public var maxFrameBytes: Int { scanner.maxFrameBytes }
    /// The most bytes kept from the start of an oversized frame.
    public var maxHeadBytes: Int { scanner.maxHeadBytes }

    private var scanner: MLLPFrameScanner

    /// Creates a decoder that delivers payloads up to `maxFrameBytes` and keeps `maxHeadBytes` of larger ones.
    public init(maxFrameBytes: Int = Self.defaultMaxFrameBytes, maxHeadBytes: Int = Self.defaultMaxHeadBytes) {
        scanner = MLLPFrameScanner(maxFrameBytes: maxFrameBytes, maxHeadBytes: maxHeadBytes)
    }

    /// Bytes the decoder holds outside its input buffer: the head of an oversized frame, never
    /// more than `maxHeadBytes`.
    public var retainedByteCount: Int { scanner.retainedByteCount }

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
        let step = buffer.withUnsafeReadableBytes { scanner.next($0) }
        return Self.event(of: step, consuming: &buffer)
    }

    /// What the end of the stream means now, consuming the rest of `buffer`: `.truncatedFrame`
    /// inside a frame, `.junkDiscarded` for unread bytes between frames, otherwise nil.
    ///
    /// Call it after `nextEvent(from:)` returned nil; the decoder is then ready for a new stream.
    public mutating func endOfStream(_ buffer: inout ByteBuffer) -> MLLPFrameEvent? {
        let step = scanner.endOfStream(unconsumedBytes: buffer.readableBytes)
        return Self.event(of: step, consuming: &buffer)
    }

    /// The pipeline event for a scanner step, moving the reader index past what the step consumed.
    private static func event(of step: MLLPFrameScanner.Step, consuming buffer: inout ByteBuffer) -> MLLPFrameEvent? {
        defer { buffer.moveReaderIndex(forwardBy: step.consumed) }
        switch step.event {
        case nil: return nil
        case .frameStarted: return .frameStarted
        case .message(let payloadBytes): return .message(buffer.getSlice(at: buffer.readerIndex, length: payloadBytes)!)
        case .oversizedFrame(let head, let totalBytes): return .oversizedFrame(head: ByteBuffer(bytes: head), totalBytes: totalBytes)
        case .junkDiscarded(let byteCount): return .junkDiscarded(byteCount: byteCount)
        case .frameRestarted(let droppedBytes): return .frameRestarted(droppedBytes: droppedBytes)
        case .truncatedFrame(let receivedBytes): return .truncatedFrame(receivedBytes: receivedBytes)
        }
    }
}
