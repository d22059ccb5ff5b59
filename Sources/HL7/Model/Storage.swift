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
final class HL7Storage: Sendable {
    /// The input exactly as given (BOM included).
    let bytes: [UInt8]
    let delimiters: HL7Delimiters
    let segments: [SegmentRecord]
    /// For each segment, the end offset of each raw field (a separator position or the segment end).
    let fieldEnds: [Int]
    let charset: HL7Charset
    let warnings: [String]
    /// True when some segment spans a wrapped continuation line (CR or LF bytes inside a segment).
    let hasLineBreaksInside: Bool

    init(bytes: [UInt8], delimiters: HL7Delimiters, segments: [SegmentRecord], fieldEnds: [Int],
         charset: HL7Charset, warnings: [String], hasLineBreaksInside: Bool) {
        self.bytes = bytes
        self.delimiters = delimiters
        self.segments = segments
        self.fieldEnds = fieldEnds
        self.charset = charset
        self.warnings = warnings
        self.hasLineBreaksInside = hasLineBreaksInside
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
