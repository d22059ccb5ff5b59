/// When a message arriving under a known sender and control id is "the same message" — a resend
/// after a lost ACK — rather than a different one reusing the id.
///
/// Senders regenerate MSH-7 on resend and engines rewrite segment terminators, so the comparison
/// ignores exactly those: lines are split at any run of CR and LF (so CR, LF, CR LF and blank lines
/// all compare equal), a leading BOM is dropped, and MSH-7 is emptied. Every other byte counts.
public enum SameMessage {
    /// True when `a` and `b` are the same message by the rule above.
    public static func isSame(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        normalized(a) == normalized(b)
    }

    /// The bytes the rule compares: non-empty lines joined by CR, MSH-7 emptied.
    public static func normalized(_ raw: [UInt8]) -> [UInt8] {
        var bytes = raw[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var lines = bytes.split(whereSeparator: { $0 == 0x0D || $0 == 0x0A })
        if let first = lines.first { lines[0] = withoutMSH7(first) }
        var result: [UInt8] = []
        result.reserveCapacity(raw.count)
        for (index, line) in lines.enumerated() {
            if index > 0 { result.append(0x0D) }
            result.append(contentsOf: line)
        }
        return result
    }

    /// `line` with MSH-7's content removed, when it is an MSH segment holding an MSH-7.
    static func withoutMSH7(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard line.count > 4, line.starts(with: Array("MSH".utf8)) else { return line }
        let separator = line[line.startIndex + 3]
        // Separator k (1-based) ends field MSH-k; MSH-7 lies between separators 6 and 7.
        var count = 0
        var start: Int?
        for index in line.indices.dropFirst(3) where line[index] == separator {
            count += 1
            if count == 6 { start = index + 1 }
            if count == 7, let start {
                return line[..<start] + line[index...]
            }
        }
        if let start { return line[..<start] }
        return line
    }
}
