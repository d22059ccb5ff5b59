/// Reads HL7 v2 messages from bytes.
///
/// ```
/// [BOM] MSH|^~\&|…<CR>     segments end in CR, LF or CR LF
/// PID|1||…<CR>
/// OBX|1|ED|…|^AP^PDF^Base64^JVBERi0…<LF>
/// AAAAAAAAAAAAAAAA…<LF>     ← no "XYZ|" at the start: a wrapped continuation of the OBX
/// ```
///
/// One pass over the bytes records where segments and fields start and end; nothing is decoded
/// until an accessor asks. A continuation line stays inside its segment's byte range (so the raw
/// bytes round-trip exactly); decoded text drops the line break, joining the wrapped pieces.
/// Blank lines between segments are skipped.
public enum HL7Parser {
    /// Parses one message.
    public static func parse(_ bytes: [UInt8]) throws(HL7ParseError) -> HL7Message {
        try parse(bytes, headerOnly: false)
    }

    /// Parses only the MSH segment (its first line), e.g. of a frame too large to read whole.
    public static func parseHeader(_ bytes: [UInt8]) throws(HL7ParseError) -> HL7Message {
        try parse(bytes, headerOnly: true)
    }

    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let pipe: UInt8 = 0x7C

    private static func parse(_ bytes: [UInt8], headerOnly: Bool) throws(HL7ParseError) -> HL7Message {
        let n = bytes.count
        var pos = 0
        var line = 1
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { pos = 3 }
        while pos < n, bytes[pos] == cr || bytes[pos] == lf {
            if endsLine(bytes, at: pos) { line += 1 }
            pos += 1
        }
        guard pos < n else { throw HL7ParseError(kind: .empty, offset: n, line: line) }
        let start = pos
        let delimiters = try readDelimiters(bytes, at: start, line: line)

        let scan = bytes.withUnsafeBufferPointer { p in
            Scan.run(p, start: start, line: line, fieldSeparator: delimiters.field, headerOnly: headerOnly)
        }
        // From here on nothing throws: the tables go to the storage, which frees them.
        let segments = scan.segments.buffer
        let declared = declaredCharset(bytes, header: segments[0], fieldEnds: scan.fieldEnds.buffer, delimiters: delimiters)
        let (charset, warning) = CharsetNames.choose(declared: declared, content: bytes[start...],
                                                     hasNonASCII: scan.nonASCII)
        let storage = HL7Storage(bytes: bytes, delimiters: delimiters, segments: scan.segments, fieldEnds: scan.fieldEnds,
                                 charset: charset, isASCII: !scan.nonASCII, warnings: warning.map { [$0] } ?? [],
                                 hasLineBreaksInside: scan.lineBreaksInside,
                                 delimiterConflict: scan.conflictingSegment.map { index in
                                     HL7DelimiterConflict(segmentIndex: index, line: segments[index].line)
                                 })
        return HL7Message(storage: storage)
    }

    /// The one pass over the bytes: segment and field boundaries, line numbers, continuation lines.
    /// The tables are handed to `HL7Storage`, which owns and frees them.
    struct Scan {
        var segments: OffsetTable<SegmentRecord>
        var fieldEnds: OffsetTable<Int>
        /// True when any content byte is not ASCII.
        var nonASCII: Bool
        var lineBreaksInside: Bool
        /// The first segment that starts `XYZ|` although MSH-1 is another character.
        var conflictingSegment: Int?

        static func run(_ p: UnsafeBufferPointer<UInt8>, start: Int, line firstLine: Int, fieldSeparator fs: UInt8,
                        headerOnly: Bool) -> Scan {
            let n = p.count
            // Locals, not properties, so the hot loop keeps them in registers.
            var segments = OffsetTable<SegmentRecord>(capacity: 24)
            var fieldEnds = OffsetTable<Int>(capacity: n / 4 + 16)
            var lineBreaksInside = false
            var conflictingSegment: Int?
            var line = firstLine
            var segmentStart = start
            var segmentLine = line
            var firstField = 0
            fieldEnds.append(segmentStart + 3)
            var i = segmentStart + 4
            var seen: UInt64 = 0
            let scanner = LineScanner(fieldSeparator: fs)
            while true {
                i = scanner.scanLine(p, from: i, fieldEnds: &fieldEnds, seen: &seen)
                let lineEnd = i
                var terminatorEnd = i
                var next = i
                if i < n {
                    terminatorEnd = p[i] == cr && i + 1 < n && p[i + 1] == lf ? i + 2 : i + 1
                    while next < n, p[next] == cr || p[next] == lf {
                        if p[next] == lf || !(next + 1 < n && p[next + 1] == lf) { line += 1 }
                        next += 1
                    }
                }
                if next < n, !headerOnly, !startsSegment(p, at: next, fieldSeparator: fs) {
                    // `PID|…` under an MSH that declared another separator is a segment whose
                    // delimiters disagree, never a continuation: merging it would carry its fields
                    // into the segment above (into MSH-10, the ACK and the logs).
                    if fs != pipe, startsSegment(p, at: next, fieldSeparator: pipe) {
                        if conflictingSegment == nil { conflictingSegment = segments.count + 1 }
                    } else {
                        // A wrapped continuation: the line break stays inside this segment.
                        lineBreaksInside = true
                        i = next
                        continue
                    }
                }
                fieldEnds.append(lineEnd)
                let code = UInt32(p[segmentStart]) << 16 | UInt32(p[segmentStart + 1]) << 8 | UInt32(p[segmentStart + 2])
                segments.append(SegmentRecord(start: segmentStart, end: lineEnd, terminatorEnd: terminatorEnd,
                                              firstField: firstField, fieldCount: fieldEnds.count - firstField,
                                              code: code, line: segmentLine))
                if next >= n || headerOnly { break }
                segmentStart = next
                segmentLine = line
                firstField = fieldEnds.count
                fieldEnds.append(next + 3)
                i = next + 4
            }
            return Scan(segments: segments, fieldEnds: fieldEnds, nonASCII: seen & 0x8080_8080_8080_8080 != 0,
                        lineBreaksInside: lineBreaksInside, conflictingSegment: conflictingSegment)
        }
    }

    /// Reads MSH-1 and MSH-2 at `start` (which holds "MSH" if this is HL7 at all).
    private static func readDelimiters(_ bytes: [UInt8], at start: Int, line: Int) throws(HL7ParseError) -> HL7Delimiters {
        let n = bytes.count
        guard n - start >= 3, bytes[start] == 0x4D, bytes[start + 1] == 0x53, bytes[start + 2] == 0x48 else {
            throw HL7ParseError(kind: .missingHeader, offset: start, line: line)
        }
        guard n - start >= 4 else { throw HL7ParseError(kind: .headerTooShort, offset: n, line: line) }
        let fs = bytes[start + 3]
        guard isUsableDelimiter(fs) else {
            throw HL7ParseError(kind: .badFieldSeparator, offset: start + 3, line: line)
        }
        let first = start + 4
        var end = first
        while end < n, bytes[end] != fs, bytes[end] != cr, bytes[end] != lf { end += 1 }
        let count = end - first
        if count < 4, end == n || bytes[end] == cr || bytes[end] == lf {
            throw HL7ParseError(kind: .headerTooShort, offset: end, line: line)
        }
        guard count == 4 || count == 5 else {
            throw HL7ParseError(kind: .badEncodingCharacters, offset: first, line: line)
        }
        for offset in first..<end {
            let character = bytes[offset]
            let repeated = character == fs || bytes[first..<offset].contains(character)
            guard isUsableDelimiter(character), !repeated else {
                throw HL7ParseError(kind: .badEncodingCharacters, offset: offset, line: line)
            }
        }
        return HL7Delimiters(field: fs, component: bytes[first], repetition: bytes[first + 1],
                             escape: bytes[first + 2], subcomponent: bytes[first + 3],
                             truncation: count == 5 ? bytes[first + 4] : nil)
    }

    /// True when `line` starts with an MSH whose MSH-1 and MSH-2 are usable.
    static func declaresDelimiters(_ line: ArraySlice<UInt8>) -> Bool {
        (try? readDelimiters(Array(line), at: 0, line: 1)) != nil
    }

    /// Printable ASCII punctuation: anything else cannot separate fields safely.
    static func isUsableDelimiter(_ byte: UInt8) -> Bool {
        guard byte > 0x20, byte < 0x7F else { return false }
        let isDigit = byte >= 0x30 && byte <= 0x39
        let isLetter = (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A
        return !isDigit && !isLetter
    }

    /// `[A-Z][A-Z0-9]{2}` followed by the field separator.
    @inline(__always)
    static func startsSegment(_ p: UnsafeBufferPointer<UInt8>, at k: Int, fieldSeparator fs: UInt8) -> Bool {
        guard p.count - k >= 4 else { return false }
        @inline(__always) func upper(_ b: UInt8) -> Bool { b >= 0x41 && b <= 0x5A }
        @inline(__always) func upperOrDigit(_ b: UInt8) -> Bool { upper(b) || (b >= 0x30 && b <= 0x39) }
        return upper(p[k]) && upperOrDigit(p[k + 1]) && upperOrDigit(p[k + 2]) && p[k + 3] == fs
    }

    /// True when the byte at `offset` completes a line break (LF, or a CR not followed by LF).
    private static func endsLine(_ bytes: [UInt8], at offset: Int) -> Bool {
        bytes[offset] == lf || !(offset + 1 < bytes.count && bytes[offset + 1] == lf)
    }

    /// MSH-18's first repetition, trimmed; nil when empty.
    private static func declaredCharset(_ bytes: [UInt8], header: SegmentRecord, fieldEnds: UnsafeBufferPointer<Int>,
                                        delimiters: HL7Delimiters) -> String? {
        // MSH-18 is raw field 17 because MSH-1 is the separator itself.
        let raw = 17
        guard raw < header.fieldCount else { return nil }
        var lower = fieldEnds[header.firstField + raw - 1] + 1
        var upper = fieldEnds[header.firstField + raw]
        if let repetition = bytes[lower..<upper].firstIndex(of: delimiters.repetition) { upper = repetition }
        while lower < upper, bytes[lower] == 0x20 { lower += 1 }
        while upper > lower, bytes[upper - 1] == 0x20 { upper -= 1 }
        guard lower < upper else { return nil }
        return String(decoding: bytes[lower..<upper], as: UTF8.self)
    }
}
