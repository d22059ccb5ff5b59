import NIOCore

/// What `MLLPFrameDecoder` saw in the byte stream, in order.
///
/// Only `.message` is a frame to process and ACK. `.oversizedFrame` is a whole frame that was too
/// large to keep: answer it with an AR when its head holds an MSH. Every other case is a notice
/// for logging or for timers; none of them carries patient data beyond the bytes it names.
public enum MLLPFrameEvent: Sendable, Equatable {
    /// A start block arrived: a frame is open (arm a partial-frame deadline here).
    case frameStarted
    /// A complete frame; the payload without `<VT>` and `<FS><CR>`.
    case message(ByteBuffer)
    /// A complete frame over `maxFrameBytes`. Only its `head` was kept: the payload up to the first
    /// segment terminator (`\r` or `\n`, not included), at most `maxHeadBytes`. `totalBytes` is
    /// the whole payload's length.
    case oversizedFrame(head: ByteBuffer, totalBytes: Int)
    /// Bytes outside any frame were thrown away (whitespace between frames, line noise).
    case junkDiscarded(byteCount: Int)
    /// A start block arrived inside an open frame: the open frame's bytes were dropped and a new
    /// frame begins after this start block.
    case frameRestarted(droppedBytes: Int)
    /// The stream ended inside a frame (connection closed, or the decoder removed): there is no
    /// message and nothing must be ACKed. `receivedBytes` counts the payload seen so far.
    case truncatedFrame(receivedBytes: Int)
}
