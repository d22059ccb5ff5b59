/// Where the segments of a message that parsed must be, worked out from the documented rules
/// alone (see `HL7Parser` and `HL7SegmentTerminators`), without the parser's code:
///
/// - a leading BOM and CR/LF before `MSH` are skipped;
/// - a line ends at CR, LF or CR LF (its terminator); a run of further line breaks is blank lines;
/// - a line that starts with `[A-Z][A-Z0-9]{2}` + the field separator starts a segment; so does
///   one that starts `[A-Z][A-Z0-9]{2}|` under an MSH that declared another separator (a
///   delimiter conflict, never merged into the segment above); any other line continues the
///   segment before it, line breaks included;
/// - a segment's line is 1 + the line breaks before it (LF, or CR not followed by LF);
/// - `encoded()` writes each segment with its own terminator and drops the BOM and blank lines.
struct ExpectedSegments {
    struct Segment {
        /// The segment's bytes, continuation lines included, without its terminator.
        var content: Range<Int>
        /// The terminator as received (empty at the end of the input).
        var terminator: Range<Int>
        /// 1-based line of the input the segment starts on.
        var line: Int
    }

    var segments: [Segment] = []
    /// The first segment that starts `XYZ|` although MSH-1 is another character.
    var firstConflict: (segmentIndex: Int, line: Int)?

    /// `bytes` must parse: they hold `MSH` and a field separator after the skipped prefix.
    init(_ bytes: [UInt8]) {
        let n = bytes.count
        var start = 0
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
        while start < n, Self.isLineBreak(bytes[start]) { start += 1 }
        let separator = bytes[start + 3]
        var segmentStart = start
        var lineStart = start
        while true {
            var lineEnd = lineStart
            while lineEnd < n, !Self.isLineBreak(bytes[lineEnd]) { lineEnd += 1 }
            let terminatorEnd = lineEnd == n ? n : (bytes[lineEnd] == 0x0D && lineEnd + 1 < n && bytes[lineEnd + 1] == 0x0A ? lineEnd + 2 : lineEnd + 1)
            var next = lineEnd
            while next < n, Self.isLineBreak(bytes[next]) { next += 1 }
            if next < n, !Self.startsSegment(bytes, at: next, separator: separator) {
                if separator != Self.pipe, Self.startsSegment(bytes, at: next, separator: Self.pipe) {
                    if firstConflict == nil { firstConflict = (segments.count + 1, Self.line(of: next, in: bytes)) }
                } else {
                    lineStart = next
                    continue
                }
            }
            segments.append(Segment(content: segmentStart..<lineEnd, terminator: lineEnd..<terminatorEnd,
                                    line: Self.line(of: segmentStart, in: bytes)))
            if next >= n { return }
            segmentStart = next
            lineStart = next
        }
    }

    /// What `encoded(terminators: .preserved)` must return.
    func preserved(_ bytes: [UInt8]) -> [UInt8] {
        segments.flatMap { bytes[$0.content.lowerBound..<$0.terminator.upperBound] }
    }

    /// What `encoded(terminators: .carriageReturn)` must return: line breaks inside a segment
    /// removed, every segment ended by CR.
    func carriageReturnTerminated(_ bytes: [UInt8]) -> [UInt8] {
        segments.flatMap { bytes[$0.content].filter { !Self.isLineBreak($0) } + [0x0D] }
    }

    static func isLineBreak(_ byte: UInt8) -> Bool { byte == 0x0D || byte == 0x0A }

    private static let pipe = UInt8(ascii: "|")

    private static func line(of offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for index in 0..<offset where bytes[index] == 0x0A || (bytes[index] == 0x0D && !(index + 1 < bytes.count && bytes[index + 1] == 0x0A)) {
            line += 1
        }
        return line
    }

    private static func startsSegment(_ bytes: [UInt8], at index: Int, separator: UInt8) -> Bool {
        guard bytes.count - index >= 4 else { return false }
        func upper(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) }
        func digit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
        return upper(bytes[index]) && (upper(bytes[index + 1]) || digit(bytes[index + 1]))
            && (upper(bytes[index + 2]) || digit(bytes[index + 2])) && bytes[index + 3] == separator
    }
}
