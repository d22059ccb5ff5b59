/// The MLLP block bytes and plain helpers to frame a payload.
///
/// An MLLP frame on the wire:
///
///     +------+---------------------------+------+------+
///     | 0x0B |  payload (HL7 bytes)      | 0x1C | 0x0D |
///     | <VT> |  any length, no <VT>      | <FS> | <CR> |
///     +------+---------------------------+------+------+
///       start block                        end block
public enum MLLPFraming {
    /// `<VT>`, the start block.
    public static let startBlock: UInt8 = 0x0B
    /// `<FS>`, the first byte of the end block.
    public static let endBlock: UInt8 = 0x1C
    /// `<CR>`, the byte that must follow `<FS>` to end a frame.
    public static let carriageReturn: UInt8 = 0x0D

    /// The bytes MLLP adds around a payload (`<VT>` before, `<FS><CR>` after).
    public static let overheadBytes = 3

    /// Returns `payload` wrapped in one MLLP frame: `<VT> payload <FS><CR>`.
    public static func frame<Payload: Collection>(_ payload: Payload) -> [UInt8] where Payload.Element == UInt8 {
        var framed: [UInt8] = []
        framed.reserveCapacity(payload.count + overheadBytes)
        framed.append(startBlock)
        framed.append(contentsOf: payload)
        framed.append(endBlock)
        framed.append(carriageReturn)
        return framed
    }
}
