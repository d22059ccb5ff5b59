import NIOCore

/// Wraps each outbound payload in an MLLP frame: `<VT> payload <FS><CR>`.
///
/// Install it as `MessageToByteHandler(MLLPFrameEncoder())`; write the bare HL7 bytes.
public struct MLLPFrameEncoder: MessageToByteEncoder, Sendable {
    public typealias OutboundIn = ByteBuffer

    /// Creates the encoder; it has no configuration.
    public init() {}

    /// Writes `data` framed into `out`.
    public func encode(data: ByteBuffer, out: inout ByteBuffer) throws {
        out.reserveCapacity(minimumWritableBytes: data.readableBytes + MLLPFraming.overheadBytes)
        out.writeInteger(MLLPFraming.startBlock)
        out.writeImmutableBuffer(data)
        out.writeInteger(MLLPFraming.endBlock)
        out.writeInteger(MLLPFraming.carriageReturn)
    }
}
