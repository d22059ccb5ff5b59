/// Finds the next of up to three bytes, eight bytes at a time (SWAR: SIMD within a register).
///
/// HL7 scanning is dominated by looking for the field separator and line breaks; comparing a
/// whole 64-bit word per step instead of one byte cuts the parser's work by more than half.
struct ByteSearch {
    private let a: UInt64, b: UInt64, c: UInt64
    private let bytes: (UInt8, UInt8, UInt8)

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    init(_ first: UInt8, _ second: UInt8, _ third: UInt8) {
        bytes = (first, second, third)
        a = Self.ones &* UInt64(first)
        b = Self.ones &* UInt64(second)
        c = Self.ones &* UInt64(third)
    }

    /// The index of the first of the three bytes at or after `start`, or `p.count`. Every byte
    /// looked at (and a few after the match) is OR-ed into `seen`, so callers learn whether any byte
    /// had its high bit set without a second pass.
    @inline(__always)
    func firstMatch(in p: UnsafeBufferPointer<UInt8>, from start: Int, seen: inout UInt64) -> Int {
        let n = p.count
        var i = start
        if let base = p.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= n {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                seen |= word
                // A byte of `word ^ pattern` is zero where the byte matches; the lowest flagged
                // byte is always a true match (borrows only corrupt bytes above it).
                let hits = Self.zeroBytes(word ^ a) | Self.zeroBytes(word ^ b) | Self.zeroBytes(word ^ c)
                if hits != 0 { return i + hits.trailingZeroBitCount / 8 }
                i += 8
            }
        }
        while i < n {
            let byte = p[i]
            seen |= UInt64(byte)
            if byte == bytes.0 || byte == bytes.1 || byte == bytes.2 { return i }
            i += 1
        }
        return n
    }

    @inline(__always)
    private static func zeroBytes(_ value: UInt64) -> UInt64 {
        (value &- ones) & ~value & highs
    }
}
