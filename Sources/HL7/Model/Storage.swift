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
// are private copies this object allocates, owns and frees in `deinit`, so concurrent readers only
// ever read. They exist because reads through them need no reference counting on the hot path.
final class HL7Storage: @unchecked Sendable {
    /// The input exactly as given (BOM included).
    let bytes: [UInt8]
    /// A copy of `bytes` for retain-free reads.
    let buffer: UnsafeBufferPointer<UInt8>
    let delimiters: HL7Delimiters
    let segments: UnsafeBufferPointer<SegmentRecord>
    /// For each segment, the end offset of each raw field (a separator position or the segment end).
    let fieldEnds: UnsafeBufferPointer<Int>
    let charset: HL7Charset
    let warnings: [String]
    /// True when some segment spans a wrapped continuation line (CR or LF bytes inside a segment).
    let hasLineBreaksInside: Bool
    let delimiterConflict: HL7DelimiterConflict?

    init(bytes: [UInt8], delimiters: HL7Delimiters, segments: [SegmentRecord], fieldEnds: [Int],
         charset: HL7Charset, warnings: [String], hasLineBreaksInside: Bool,
         delimiterConflict: HL7DelimiterConflict? = nil) {
        self.bytes = bytes
        self.buffer = Self.copy(bytes)
        self.delimiters = delimiters
        self.segments = Self.copy(segments)
        self.fieldEnds = Self.copy(fieldEnds)
        self.charset = charset
        self.warnings = warnings
        self.hasLineBreaksInside = hasLineBreaksInside
        self.delimiterConflict = delimiterConflict
    }

    deinit {
        buffer.deallocate()
        segments.deallocate()
        fieldEnds.deallocate()
    }

    private static func copy<Element>(_ array: [Element]) -> UnsafeBufferPointer<Element> {
        let table = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(array.count, 1))
        _ = table.initialize(from: array)
        return UnsafeBufferPointer(rebasing: table[0..<array.count])
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
        let bytes = buffer
        var start = range.lowerBound
        var remaining = number - 1
        var i = start
        var end = range.upperBound
        if number < 1 { return end..<end }
        while i < end {
            let byte = bytes[i]
            if byte == separator {
                if remaining == 0 { break }
                remaining -= 1
                start = i + 1
            } else if byte == stop {
                end = i
                break
            }
            i += 1
        }
        guard remaining == 0 else { return end..<end }
        return start..<i
    }

    /// Escape-decoded text of `range` (see `HL7Value.text`).
    func text(_ range: Range<Int>) -> String {
        if range.isEmpty { return "" }
        let bytes = UnsafeBufferPointer(rebasing: buffer[range])
        if bytes.count == 2, bytes[0] == 0x22, bytes[1] == 0x22 { return "" }
        let escape = delimiters.escape
        var plain = true
        if hasLineBreaksInside {
            for byte in bytes where byte == escape || byte == HL7Parser.cr || byte == HL7Parser.lf {
                plain = false
                break
            }
        } else {
            for byte in bytes where byte == escape {
                plain = false
                break
            }
        }
        if plain {
            // UTF-8 decoding checks for ASCII itself; other sets need to know whether any byte is high.
            return charset.encoding == .utf8 ? String(decoding: bytes, as: UTF8.self) : TextDecoding.string(bytes, charset.encoding)
        }
        return TextDecoding.string(EscapeDecoding.decode(bytes, delimiters: delimiters).bytes, charset.encoding)
    }

    /// `range` decoded from the character set only.
    func raw(_ range: Range<Int>) -> String {
        TextDecoding.string(UnsafeBufferPointer(rebasing: buffer[range]), charset.encoding)
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
