#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where one segment lies in the input bytes.
struct SegmentRecord: Sendable {
    /// First byte of the segment id.
    var start: Int
    /// One past the last content byte (the terminator starts here).
    var end: Int
    /// One past the terminator (`end` when the input ended without one).
    var terminatorEnd: Int
    /// Index into `HL7Storage.fieldEnds` of raw field 0 (the segment id).
    var firstField: Int
    /// Number of raw fields including the id (raw field k is HL7 field k, or MSH-(k+1)).
    var fieldCount: Int
    /// The id's three bytes packed big-endian, for cheap comparisons.
    var code: UInt32
    /// 1-based line the segment starts on.
    var line: Int
}

/// The parsed index over one message's bytes, shared by every view into it.
///
/// Parsing records offsets only; text is decoded when an accessor asks for it.
// @unchecked Sendable: every property is set once in `init` and never changes; the unsafe tables
// are this object's own (a copy of the bytes, and the scan's tables handed over whole), freed in
// `deinit`, so concurrent readers only ever read. They exist because reads through them need no
// reference counting on the hot path.
final class HL7Storage: @unchecked Sendable {
    /// The input exactly as given (BOM included).
    let bytes: [UInt8]
    /// A copy of `bytes` for retain-free reads, followed by `padding` zero bytes that are not part
    /// of it (so a word may be loaded from any offset in it).
    let buffer: UnsafeBufferPointer<UInt8>
    static let padding = 16
    let delimiters: HL7Delimiters
    let segments: UnsafeBufferPointer<SegmentRecord>
    /// For each segment, the end offset of each raw field (a separator position or the segment end).
    let fieldEnds: UnsafeBufferPointer<Int>
    let charset: HL7Charset
    /// True when plain (escape-free) text can become a `String` straight from its bytes: the text
    /// is decoded as UTF-8, or no byte of the message is outside ASCII, which every supported
    /// character set reads the same way.
    let decodesAsUTF8: Bool
    /// False when no byte after MSH-2 is the escape character (or a line break inside a segment):
    /// then no field needs decoding beyond its character set, and text skips looking.
    let mayHoldEscapes: Bool
    let warnings: [String]
    /// True when some segment spans a wrapped continuation line (CR or LF bytes inside a segment).
    let hasLineBreaksInside: Bool
    let delimiterConflict: HL7DelimiterConflict?

    /// Takes ownership of `segments` and `fieldEnds` (frees them in `deinit`).
    init(bytes: [UInt8], delimiters: HL7Delimiters, segments: OffsetTable<SegmentRecord>, fieldEnds: OffsetTable<Int>,
         charset: HL7Charset, isASCII: Bool, warnings: [String], hasLineBreaksInside: Bool,
         delimiterConflict: HL7DelimiterConflict? = nil) {
        self.bytes = bytes
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count + Self.padding)
        _ = copy.initialize(from: bytes)
        copy.baseAddress.unsafelyUnwrapped.advanced(by: bytes.count).initialize(repeating: 0, count: Self.padding)
        self.buffer = UnsafeBufferPointer(rebasing: copy[0..<bytes.count])
        self.delimiters = delimiters
        self.segments = segments.buffer
        self.fieldEnds = fieldEnds.buffer
        self.charset = charset
        self.decodesAsUTF8 = isASCII || charset.encoding == .utf8
        // MSH-2 (raw field 1 of the first segment) holds the escape character itself, as a literal.
        let searched = segments.count == 0 ? 0..<0 : fieldEnds[min(1, fieldEnds.count - 1)]..<segments[segments.count - 1].end
        self.mayHoldEscapes = hasLineBreaksInside || Self.contains(delimiters.escape, in: self.buffer, searched)
        self.warnings = warnings
        self.hasLineBreaksInside = hasLineBreaksInside
        self.delimiterConflict = delimiterConflict
    }

    /// True when `byte` occurs in `buffer[range]`.
    private static func contains(_ byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty, range.upperBound <= buffer.count, let base = buffer.baseAddress else { return false }
        return memchr(base + range.lowerBound, Int32(byte), range.count) != nil
    }

    deinit {
        buffer.deallocate()
        segments.deallocate()
        fieldEnds.deallocate()
    }

    /// The byte range of raw field `k` of segment `index`, nil when the segment has fewer fields.
    @inline(__always)
    func rawFieldRange(segment index: Int, raw k: Int) -> Range<Int>? {
        let record = segments[index]
        guard k >= 0, k < record.fieldCount else { return nil }
        let end = fieldEnds[record.firstField + k]
        let start = k == 0 ? record.start : fieldEnds[record.firstField + k - 1] + 1
        return start..<end
    }
}

extension HL7Storage {
    /// Piece `number` (1-based) of `range` split on `separator`; when `stop` is given the range ends
    /// at the first `stop` byte (a field's first repetition). An empty range at the end when absent.
    @inline(__always)
    func piece(_ range: Range<Int>, _ number: Int, _ separator: UInt8, stopAt stop: UInt8? = nil) -> Range<Int> {
        // With no stop byte the separator stands in: a byte equal to both ends the piece as a separator.
        piece(range, number, separator, stop ?? separator)
    }

    /// `piece` with a stop byte that is always compared (pass `separator` for none).
    ///
    /// Eight bytes at a time: a bit mask of the separators and one of the stop bytes in each word
    /// (the buffer's padding makes the last word of any range readable), then the hits in order.
    @inline(__always)
    func piece(_ range: Range<Int>, _ number: Int, _ separator: UInt8, _ stop: UInt8) -> Range<Int> {
        let end = range.upperBound
        if number < 1 { return end..<end }
        let raw = UnsafeRawPointer(buffer.baseAddress.unsafelyUnwrapped)
        let separators = ByteWords.repeating(separator)
        let stops = ByteWords.repeating(stop)
        var start = range.lowerBound
        var remaining = number &- 1
        var i = start
        while i < end {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            let inRange = end &- i >= 8 ? UInt64.max : (1 &<< UInt64((end &- i) &* 8)) &- 1
            let separatorHits = ByteWords.zeroBytes(word ^ separators) & inRange
            // A byte that is both is a separator, as the byte-by-byte reading takes it.
            var hits = separatorHits | (ByteWords.zeroBytes(word ^ stops) & inRange)
            while hits != 0 {
                let lowest = hits & (0 &- hits)
                let at = i &+ lowest.trailingZeroBitCount &>> 3
                if separatorHits & lowest == 0 { return remaining == 0 ? start..<at : at..<at }
                if remaining == 0 { return start..<at }
                remaining &-= 1
                start = at &+ 1
                hits ^= lowest
            }
            i &+= 8
        }
        return remaining == 0 ? start..<end : end..<end
    }

    /// Escape-decoded text of `range` (see `HL7Value.text`).
    func text(_ range: Range<Int>) -> String {
        let count = range.count
        if count == 0 { return "" }
        let start = buffer.baseAddress.unsafelyUnwrapped + range.lowerBound
        if count == 2, start[0] == 0x22, start[1] == 0x22 { return "" }
        let escape = delimiters.escape
        var i = 0
        if !mayHoldEscapes {
            i = count
        } else if hasLineBreaksInside {
            while i < count {
                let byte = start[i]
                if byte == escape || byte == HL7Parser.cr || byte == HL7Parser.lf { break }
                i &+= 1
            }
        } else {
            while i < count, start[i] != escape { i &+= 1 }
        }
        if i == count { return plain(start, count) }
        let bytes = UnsafeBufferPointer(start: start, count: count)
        return TextDecoding.string(EscapeDecoding.decode(bytes, delimiters: delimiters).bytes, charset.encoding)
    }

    /// `range` decoded from the character set only.
    func raw(_ range: Range<Int>) -> String {
        if range.isEmpty { return "" }
        return plain(buffer.baseAddress.unsafelyUnwrapped + range.lowerBound, range.count)
    }

    /// `count` bytes at `start`, which hold no escape sequence, decoded from the character set.
    @inline(__always)
    private func plain(_ start: UnsafePointer<UInt8>, _ count: Int) -> String {
        guard decodesAsUTF8 else { return TextDecoding.string(UnsafeBufferPointer(start: start, count: count), charset.encoding) }
        return TextDecoding.utf8(paddedFrom: start, count)
    }
}

extension UInt32 {
    /// Packs a three-letter segment id ("OBX") the way `SegmentRecord.code` stores it.
    init(segmentID: StaticString) {
        precondition(segmentID.utf8CodeUnitCount == 3, "segment ids are three characters")
        let p = segmentID.utf8Start
        self = UInt32(p[0]) << 16 | UInt32(p[1]) << 8 | UInt32(p[2])
    }
}

/// Packed ids of the segments the typed layer looks for.
enum SegmentCode {
    static let msh = UInt32(segmentID: "MSH")
    static let pid = UInt32(segmentID: "PID")
    static let pd1 = UInt32(segmentID: "PD1")
    static let pv1 = UInt32(segmentID: "PV1")
    static let nte = UInt32(segmentID: "NTE")
    static let orc = UInt32(segmentID: "ORC")
    static let obr = UInt32(segmentID: "OBR")
    static let obx = UInt32(segmentID: "OBX")
    static let tq1 = UInt32(segmentID: "TQ1")
    static let tq2 = UInt32(segmentID: "TQ2")
    static let spm = UInt32(segmentID: "SPM")
    static let ctd = UInt32(segmentID: "CTD")
    static let ft1 = UInt32(segmentID: "FT1")
    static let cti = UInt32(segmentID: "CTI")

    static func pack(_ id: String) -> UInt32? {
        let bytes = Array(id.utf8)
        guard bytes.count == 3 else { return nil }
        return UInt32(bytes[0]) << 16 | UInt32(bytes[1]) << 8 | UInt32(bytes[2])
    }
}
