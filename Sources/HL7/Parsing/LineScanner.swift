/// Finds field separators and line breaks sixteen bytes at a time (SIMD), then eight (SWAR: SIMD
/// within a register) near the line break.
///
/// HL7 is dense with separators (a field every few bytes), so instead of stopping at each one the
/// scanner computes, per block, a bit mask of separator bytes and records every separator in the
/// block before moving on. Sixteen-byte blocks are taken while none holds a byte below 0x10 (CR, LF,
/// tab, form feed …); from the first that does, eight-byte words are, and line breaks are looked for
/// exactly only in words holding such a byte, which is about one word per line.
struct LineScanner {
    private let separator: UInt8
    private let separatorPattern: UInt64
    private static let crPattern: UInt64 = 0x0D0D_0D0D_0D0D_0D0D
    private static let lfPattern: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
    private static let highNibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0

    init(fieldSeparator: UInt8) {
        separator = fieldSeparator
        separatorPattern = ByteWords.repeating(fieldSeparator)
    }

    /// Appends the offset of every field separator from `start` up to the next CR or LF to
    /// `fieldEnds` and returns that line break's offset (`p.count` when there is none). Every byte
    /// looked at is OR-ed into `seen`, so the caller learns whether any had its high bit set.
    @inline(__always)
    func scanLine(_ p: UnsafeBufferPointer<UInt8>, from start: Int, fieldEnds: inout OffsetTable<Int>,
                  seen: inout UInt64) -> Int {
        let n = p.count
        var i = start
        var high = seen
        defer { seen = high }
        if let base = p.baseAddress {
            let raw = UnsafeRawPointer(base)
            // Sixteen bytes at a time while no byte is below 0x10 (no line break can be among them).
            let separators16 = SIMD16<UInt8>(repeating: separator)
            var high16 = SIMD16<UInt8>(repeating: 0)
            while n &- i >= 16 {
                let block = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                let low = Self.halves(block & SIMD16(repeating: 0xF0) .== SIMD16(repeating: 0))
                if low.0 | low.1 != 0 { break }
                high16 |= block
                let found = Self.halves(block .== separators16)
                Self.record16(Self.bitsPerByte(found.0) | Self.bitsPerByte(found.1) &<< 8, at: i, into: &fieldEnds)
                i &+= 16
            }
            let highHalves = unsafeBitCast(high16, to: SIMD2<UInt64>.self)
            high |= highHalves[0] | highHalves[1]
            while n &- i >= 8 {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                high |= word
                var separators = ByteWords.zeroBytes(word ^ separatorPattern)
                // One test for "any byte below 0x10" finds the words that may hold CR or LF; only
                // those (about one per line) pay for telling line breaks from tabs or form feeds.
                if ByteWords.zeroBytes(word & Self.highNibbles) != 0 {
                    let breaks = ByteWords.zeroBytes(word ^ Self.crPattern) | ByteWords.zeroBytes(word ^ Self.lfPattern)
                    if breaks != 0 {
                        let stop = breaks.trailingZeroBitCount &>> 3
                        separators &= (1 &<< UInt64(stop &* 8)) &- 1
                        Self.record(separators, at: i, into: &fieldEnds)
                        return i &+ stop
                    }
                }
                Self.record(separators, at: i, into: &fieldEnds)
                i &+= 8
            }
        }
        while i < n {
            let byte = p[i]
            high |= UInt64(byte)
            if byte == separator {
                fieldEnds.append(i)
            } else if byte == 0x0D || byte == 0x0A {
                return i
            }
            i += 1
        }
        return n
    }

    /// A byte mask (0xFF where true) as two little-endian words.
    @inline(__always)
    private static func halves(_ mask: SIMDMask<SIMD16<Int8>>) -> (UInt64, UInt64) {
        let bytes = SIMD16<UInt8>(repeating: 0).replacing(with: 0xFF, where: mask)
        let words = unsafeBitCast(bytes, to: SIMD2<UInt64>.self)
        return (UInt64(littleEndian: words[0]), UInt64(littleEndian: words[1]))
    }

    /// One bit per 0xFF byte of `word`, in byte order (bit k for byte k).
    @inline(__always)
    private static func bitsPerByte(_ word: UInt64) -> UInt64 {
        ((word & 0x8040_2010_0804_0201) &* 0x0101_0101_0101_0101) &>> 56
    }

    /// Appends `offset` + k for each set bit k of `mask` (one bit per byte).
    @inline(__always)
    private static func record16(_ mask: UInt64, at offset: Int, into fieldEnds: inout OffsetTable<Int>) {
        if mask == 0 { return }
        fieldEnds.append(upTo: 16) { slots in
            var bits = mask
            var written = 0
            while bits != 0 {
                slots[written] = offset &+ bits.trailingZeroBitCount
                written &+= 1
                bits &= bits &- 1
            }
            return written
        }
    }

    /// Appends `offset` + k for each byte k of `mask` whose high bit is set.
    @inline(__always)
    private static func record(_ mask: UInt64, at offset: Int, into fieldEnds: inout OffsetTable<Int>) {
        if mask == 0 { return }
        fieldEnds.append(upTo: 8) { slots in
            var bits = mask
            var written = 0
            while bits != 0 {
                slots[written] = offset &+ bits.trailingZeroBitCount &>> 3
                written &+= 1
                bits &= bits &- 1
            }
            return written
        }
    }
}
