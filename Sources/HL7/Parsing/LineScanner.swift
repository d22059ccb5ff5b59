/// Finds field separators and line breaks eight bytes at a time (SWAR: SIMD within a register).
///
/// HL7 is dense with separators (a field every few bytes), so instead of stopping at each one the
/// scanner computes, per 64-bit word, a bit mask of separator bytes and one of line-break bytes,
/// and records every separator in the word before moving on.
struct LineScanner {
    private let separator: UInt8
    private let separatorPattern: UInt64
    private static let crPattern: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
    private static let lfPattern: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
    private static let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    init(fieldSeparator: UInt8) {
        separator = fieldSeparator
        separatorPattern = 0x0101_0101_0101_0101 &* UInt64(fieldSeparator)
    }

    /// Appends the offset of every field separator from `start` up to the next CR or LF to
    /// `fieldEnds` and returns that line break's offset (`p.count` when there is none). Every byte
    /// looked at is OR-ed into `seen`, so the caller learns whether any had its high bit set.
    @inline(__always)
    func scanLine(_ p: UnsafeBufferPointer<UInt8>, from start: Int, fieldEnds: inout [Int], seen: inout UInt64) -> Int {
        let n = p.count
        var i = start
        if let base = p.baseAddress {
            let raw = UnsafeRawPointer(base)
            while n - i >= 8 {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                seen |= word
                var separators = Self.zeroBytes(word ^ separatorPattern)
                let breaks = Self.zeroBytes(word ^ Self.crPattern) | Self.zeroBytes(word ^ Self.lfPattern)
                if breaks != 0 {
                    let stop = breaks.trailingZeroBitCount &>> 3
                    separators &= (1 &<< UInt64(stop &* 8)) &- 1
                    Self.record(separators, at: i, into: &fieldEnds)
                    return i + stop
                }
                Self.record(separators, at: i, into: &fieldEnds)
                i += 8
            }
        }
        while i < n {
            let byte = p[i]
            seen |= UInt64(byte)
            if byte == separator {
                fieldEnds.append(i)
            } else if byte == 0x0D || byte == 0x0A {
                return i
            }
            i += 1
        }
        return n
    }

    /// The high bit of each byte that is zero, exactly (no borrow between bytes).
    @inline(__always)
    private static func zeroBytes(_ value: UInt64) -> UInt64 {
        ~(((value & lows) &+ lows) | value | lows)
    }

    @inline(__always)
    private static func record(_ mask: UInt64, at offset: Int, into fieldEnds: inout [Int]) {
        var bits = mask
        while bits != 0 {
            fieldEnds.append(offset + bits.trailingZeroBitCount &>> 3)
            bits &= bits &- 1
        }
    }
}
