/// How `encoded(terminators:)` ends segments.
public enum HL7SegmentTerminators: Sendable, Equatable {
    /// Each segment keeps the terminator it arrived with (`\r`, `\n`, `\r\n`, or none at the very
    /// end) and its wrapped continuation lines: `encoded(parse(x)) == x` byte for byte for any input
    /// without a BOM or blank lines.
    case preserved
    /// Every segment ends in `\r` and wrapped continuation lines are joined: what goes on the wire.
    case carriageReturn
}

extension HL7Message {
    /// The message as bytes. A leading BOM and blank lines between segments are never written.
    public func encoded(terminators: HL7SegmentTerminators = .preserved) -> [UInt8] {
        let bytes = storage.bytes
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        for record in storage.segments {
            switch terminators {
            case .preserved:
                out.append(contentsOf: bytes[record.start..<record.terminatorEnd])
            case .carriageReturn:
                if storage.hasLineBreaksInside {
                    out.append(contentsOf: bytes[record.start..<record.end].lazy.filter { $0 != HL7Parser.cr && $0 != HL7Parser.lf })
                } else {
                    out.append(contentsOf: bytes[record.start..<record.end])
                }
                out.append(HL7Parser.cr)
            }
        }
        return out
    }
}
