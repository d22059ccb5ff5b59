/// One parsed HL7 v2 message: the bytes as received plus an index of its segments and fields.
///
/// Values are decoded lazily: `message.header.controlID`, `message.segments[3][5].component(2).text`.
public struct HL7Message: Sendable {
    let storage: HL7Storage

    init(storage: HL7Storage) {
        self.storage = storage
    }

    /// Parses `bytes` (see `HL7Parser`).
    public init(parsing bytes: [UInt8]) throws(HL7ParseError) {
        self = try HL7Parser.parse(bytes)
    }

    /// Parses the UTF-8 bytes of `text`; convenient for fixtures.
    public init(parsing text: String) throws(HL7ParseError) {
        self = try HL7Parser.parse(Array(text.utf8))
    }

    /// The input exactly as given, BOM and all.
    public var raw: [UInt8] { storage.bytes }

    /// MSH-1 and MSH-2.
    public var delimiters: HL7Delimiters { storage.delimiters }

    /// MSH-18 as sent and the encoding text is decoded with.
    public var charset: HL7Charset { storage.charset }

    /// Things a reader should know that did not stop the parse (e.g. the Latin-1 fallback). No PHI.
    public var warnings: [String] { storage.warnings }

    /// The first line that starts like a segment with `|` although MSH-1 declared another field
    /// separator; nil when the delimiters agree. Such a message cannot be read safely.
    public var delimiterConflict: HL7DelimiterConflict? { storage.delimiterConflict }

    /// All segments in order, MSH first.
    public var segments: HL7SegmentList { HL7SegmentList(storage: storage) }

    /// The MSH segment with typed accessors.
    public var header: MSHSegment { MSHSegment(segments[0]) }

    /// Every segment whose id is `id` ("OBX"), in order.
    public func segments(withID id: String) -> [HL7Segment] {
        guard let code = SegmentCode.pack(id) else { return [] }
        return segments.filter { $0.code == code }
    }

    /// The first segment whose id is `id`, if any.
    public func firstSegment(withID id: String) -> HL7Segment? {
        guard let code = SegmentCode.pack(id) else { return nil }
        return segments.first { $0.code == code }
    }
}

/// The segments of a message, as a random-access collection of views.
public struct HL7SegmentList: RandomAccessCollection, Sendable {
    let storage: HL7Storage

    public var startIndex: Int { 0 }
    public var endIndex: Int { storage.segments.count }

    public subscript(position: Int) -> HL7Segment {
        HL7Segment(storage: storage, index: position)
    }
}

/// Where a segment uses `|` while MSH-1 declared another field separator.
public struct HL7DelimiterConflict: Sendable, Equatable {
    /// Index into `HL7Message.segments` of the segment.
    public var segmentIndex: Int
    /// 1-based line of the input it starts on.
    public var line: Int

    public init(segmentIndex: Int, line: Int) {
        self.segmentIndex = segmentIndex
        self.line = line
    }
}
