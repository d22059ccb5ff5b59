/// Eight bytes as one 64-bit word (SWAR: SIMD within a register), for the scanners.
enum ByteWords {
    private static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// `byte` in each of the eight bytes.
    @inline(__always)
    static func repeating(_ byte: UInt8) -> UInt64 {
        0x0101_0101_0101_0101 &* UInt64(byte)
    }

    /// The high bit of each byte of `value` that is zero, exactly (no borrow between bytes): the
    /// bytes equal to `b` in `word` are `zeroBytes(word ^ repeating(b))`.
    @inline(__always)
    static func zeroBytes(_ value: UInt64) -> UInt64 {
        ~(((value & lows) &+ lows) | value | lows)
    }
}
