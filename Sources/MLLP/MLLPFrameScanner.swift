/// Splits an MLLP byte stream into frames, one step at a time, on plain bytes (no NIO).
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
/// The caller keeps the unread bytes: it passes them all to `next(_:)`, drops the step's
/// `consumed` bytes from the front (a step without an event may consume too: an oversized frame
/// streams past), and repeats until a step has no event (more bytes are needed); then it appends
/// the next read. An open frame's bytes stay unread until the frame
/// ends, so `.message(payloadBytes: n)` is the first `n` bytes of that step's input. The scanner
/// remembers how far it has searched an open frame, so each byte is looked at once however the
/// frame is split across reads. `MLLPFrameDecoder` is this scanner inside a NIO pipeline.
public struct MLLPFrameScanner: Sendable {
    /// What the scanner saw, in stream order.
    public enum Event: Sendable, Equatable {
        /// A start block arrived: a frame is open.
        case frameStarted
        /// A complete frame: its payload is the first `payloadBytes` bytes of the step's input.
        case message(payloadBytes: Int)
        /// A complete frame over `maxFrameBytes`: only `head` was kept (up to the first `\r` or
        /// `\n`, at most `maxHeadBytes`); `totalBytes` is the whole payload's length.
        case oversizedFrame(head: [UInt8], totalBytes: Int)
        /// Bytes outside any frame were thrown away.
        case junkDiscarded(byteCount: Int)
        /// A start block arrived inside an open frame, whose bytes were dropped.
        case frameRestarted(droppedBytes: Int)
        /// The stream ended inside a frame; `receivedBytes` counts the payload seen so far.
        case truncatedFrame(receivedBytes: Int)
    }

    /// One step: what happened, and how many bytes at the front of the input it accounted for.
    public struct Step: Sendable, Equatable {
        /// The event, or nil when more bytes are needed.
        public var event: Event?
        /// Bytes to drop from the front of the input before the next step.
        public var consumed: Int

        /// Creates a step.
        public init(event: Event?, consumed: Int) {
            self.event = event
            self.consumed = consumed
        }
    }

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
    /// Unread payload bytes already searched: they hold no `<VT>` and no `<FS><CR>`.
    private var searchedBytes = 0
    /// The kept start of the oversized frame being discarded.
    private var oversizedHead: [UInt8] = []
    private var oversizedHeadComplete = false
    /// Payload bytes of the oversized frame seen so far.
    private var oversizedBytes = 0

    /// Creates a scanner that delivers payloads up to `maxFrameBytes` and keeps `maxHeadBytes` of larger ones.
    public init(maxFrameBytes: Int = Self.defaultMaxFrameBytes, maxHeadBytes: Int = Self.defaultMaxHeadBytes) {
        precondition(maxFrameBytes >= 0, "maxFrameBytes must not be negative")
        precondition(maxHeadBytes >= 0, "maxHeadBytes must not be negative")
        self.maxFrameBytes = maxFrameBytes
        self.maxHeadBytes = maxHeadBytes
    }

    /// Bytes the scanner holds itself: the head of an oversized frame, never more than `maxHeadBytes`.
    public var retainedByteCount: Int { oversizedHead.count }

    /// The next step over `bytes`, the unread input (everything not yet consumed, plus new bytes).
    public mutating func next(_ bytes: UnsafeRawBufferPointer) -> Step {
        switch position {
        case .betweenFrames: return skipToStartBlock(bytes)
        case .inFrame: return searchOpenFrame(bytes)
        case .discardingOversizedFrame: return discardOversizedFrame(bytes)
        }
    }

    /// The next step over `bytes`, the unread input.
    public mutating func next(_ bytes: ArraySlice<UInt8>) -> Step {
        bytes.withUnsafeBytes { next($0) }
    }

    /// What the end of the stream means now, consuming the `unconsumedBytes` still unread:
    /// `.truncatedFrame` inside a frame, `.junkDiscarded` for unread bytes between frames,
    /// otherwise no event.
    ///
    /// Call it after a step without an event; the scanner is then ready for a new stream.
    public mutating func endOfStream(unconsumedBytes unread: Int) -> Step {
        let event: Event?
        switch position {
        case .betweenFrames: event = unread > 0 ? .junkDiscarded(byteCount: unread) : nil
        case .inFrame: event = .truncatedFrame(receivedBytes: unread)
        case .discardingOversizedFrame: event = .truncatedFrame(receivedBytes: oversizedBytes + unread)
        }
        enterBetweenFrames()
        return Step(event: event, consumed: unread)
    }

    // MARK: - Steps

    private mutating func skipToStartBlock(_ bytes: UnsafeRawBufferPointer) -> Step {
        guard !bytes.isEmpty else { return Step(event: nil, consumed: 0) }
        guard let start = bytes.firstOffset(of: MLLPFraming.startBlock) else {
            return Step(event: .junkDiscarded(byteCount: bytes.count), consumed: bytes.count)
        }
        if start > 0 {
            return Step(event: .junkDiscarded(byteCount: start), consumed: start)
        }
        position = .inFrame
        searchedBytes = 0
        return Step(event: .frameStarted, consumed: 1)
    }

    private mutating func searchOpenFrame(_ bytes: UnsafeRawBufferPointer) -> Step {
        let readable = bytes.count
        while searchedBytes < readable {
            guard let (offset, byte) = bytes.firstBlockByte(from: searchedBytes) else {
                searchedBytes = readable
                break
            }
            if byte == MLLPFraming.startBlock {
                searchedBytes = 0
                return Step(event: .frameRestarted(droppedBytes: offset), consumed: offset + 1)
            }
            guard offset + 1 < readable else {
                // `<FS>` is the last byte so far: whether it ends the frame depends on the next one.
                searchedBytes = offset
                break
            }
            guard bytes[offset + 1] == MLLPFraming.carriageReturn else {
                searchedBytes = offset + 1
                continue
            }
            enterBetweenFrames()
            if offset > maxFrameBytes {
                let head = headOf(UnsafeRawBufferPointer(rebasing: bytes[..<offset]))
                return Step(event: .oversizedFrame(head: head, totalBytes: offset), consumed: offset + 2)
            }
            return Step(event: .message(payloadBytes: offset), consumed: offset + 2)
        }
        if searchedBytes > maxFrameBytes {
            return startDiscarding(bytes)
        }
        return Step(event: nil, consumed: 0)
    }

    private mutating func discardOversizedFrame(_ bytes: UnsafeRawBufferPointer) -> Step {
        var cursor = 0
        while cursor < bytes.count {
            guard let (offset, byte) = bytes.firstBlockByte(from: cursor) else {
                discardOversized(bytes, cursor..<bytes.count)
                return Step(event: nil, consumed: bytes.count)
            }
            if byte == MLLPFraming.startBlock {
                discardOversized(bytes, cursor..<offset)
                let dropped = oversizedBytes
                enterBetweenFrames()
                position = .inFrame
                return Step(event: .frameRestarted(droppedBytes: dropped), consumed: offset + 1)
            }
            guard offset + 1 < bytes.count else {
                discardOversized(bytes, cursor..<offset)
                return Step(event: nil, consumed: offset)
            }
            guard bytes[offset + 1] == MLLPFraming.carriageReturn else {
                discardOversized(bytes, cursor..<offset + 1)
                cursor = offset + 1
                continue
            }
            discardOversized(bytes, cursor..<offset)
            let event = Event.oversizedFrame(head: oversizedHead, totalBytes: oversizedBytes)
            enterBetweenFrames()
            return Step(event: event, consumed: offset + 2)
        }
        return Step(event: nil, consumed: cursor)
    }

    // MARK: - Oversized frames

    private mutating func startDiscarding(_ bytes: UnsafeRawBufferPointer) -> Step {
        let payloadSoFar = searchedBytes
        position = .discardingOversizedFrame
        searchedBytes = 0
        oversizedBytes = 0
        oversizedHead = []
        oversizedHeadComplete = false
        discardOversized(bytes, 0..<payloadSoFar)
        return Step(event: nil, consumed: payloadSoFar)
    }

    /// Drops the payload bytes `range` of the oversized frame, keeping what the head still needs.
    private mutating func discardOversized(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) {
        if !oversizedHeadComplete {
            appendToHead(bytes[range])
        }
        oversizedBytes += range.count
    }

    private mutating func appendToHead(_ bytes: Slice<UnsafeRawBufferPointer>) {
        let room = maxHeadBytes - oversizedHead.count
        let window = bytes.prefix(room)
        if let terminator = window.firstIndex(where: Self.isSegmentTerminator) {
            oversizedHead.append(contentsOf: window[..<terminator])
            oversizedHeadComplete = true
        } else {
            oversizedHead.append(contentsOf: window)
            oversizedHeadComplete = oversizedHead.count >= maxHeadBytes
        }
    }

    /// A copy of the head of `payload`.
    private func headOf(_ payload: UnsafeRawBufferPointer) -> [UInt8] {
        let window = payload.prefix(maxHeadBytes)
        let end = window.firstIndex(where: Self.isSegmentTerminator) ?? window.endIndex
        return Array(window[..<end])
    }

    private static func isSegmentTerminator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }

    private mutating func enterBetweenFrames() {
        position = .betweenFrames
        searchedBytes = 0
        oversizedHead = []
        oversizedHeadComplete = false
        oversizedBytes = 0
    }
}
