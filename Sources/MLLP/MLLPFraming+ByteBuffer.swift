import NIOCore

extension MLLPFraming {
    /// Appends `payload` wrapped in one MLLP frame to `buffer`; returns the bytes written.
    @discardableResult
    public static func writeFrame<Payload: Sequence>(_ payload: Payload, to buffer: inout ByteBuffer) -> Int
    where Payload.Element == UInt8 {
        var written = buffer.writeInteger(startBlock)
        written += buffer.writeBytes(payload)
        written += buffer.writeInteger(endBlock)
        written += buffer.writeInteger(carriageReturn)
        return written
    }
}
