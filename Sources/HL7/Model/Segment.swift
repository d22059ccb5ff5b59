/// A view of one segment. Field numbers follow HL7: `field(0)` is the id; for MSH, `field(1)` is the
/// field separator itself and `field(2)` the encoding characters, so MSH-9 is `field(9)`.
public struct HL7Segment: Sendable {
    let storage: HL7Storage
    /// Position in the message (0 = MSH).
    public let index: Int

    init(storage: HL7Storage, index: Int) {
        self.storage = storage
        self.index = index
    }

    var record: SegmentRecord { storage.segments[index] }
    var code: UInt32 { record.code }
    var isHeader: Bool { record.code == SegmentCode.msh }

    /// The three-character segment id ("PID").
    public var id: String {
        let start = record.start
        return String(decoding: storage.bytes[start..<start + 3], as: UTF8.self)
    }

    /// True for locally defined segments (ids starting with Z).
    public var isZSegment: Bool { storage.bytes[record.start] == 0x5A }

    /// 1-based line of the input the segment starts on.
    public var line: Int { record.line }

    /// Byte offset of the segment in the input.
    public var byteOffset: Int { record.start }

    /// The number of the last field present (trailing empty fields that were sent count).
    public var fieldCount: Int { isHeader ? record.fieldCount : record.fieldCount - 1 }

    /// The segment's bytes without its terminator.
    public var bytes: ArraySlice<UInt8> { storage.bytes[record.start..<record.end] }

    /// The terminator as received (`\r`, `\n`, `\r\n`, or nothing at the end of input).
    public var terminator: ArraySlice<UInt8> { storage.bytes[record.end..<record.terminatorEnd] }

    /// Field `number` (HL7 numbering); empty when the segment has fewer fields.
    public func field(_ number: Int) -> HL7Value {
        if isHeader {
            if number == 1 {
                let separator = record.start + 3
                return HL7Value(storage: storage, range: separator..<separator + 1, level: .field, literal: true)
            }
            if number == 2, let range = storage.rawFieldRange(segment: index, raw: 1) {
                return HL7Value(storage: storage, range: range, level: .field, literal: true)
            }
        }
        let raw = isHeader && number > 0 ? number - 1 : number
        guard let range = storage.rawFieldRange(segment: index, raw: raw) else {
            return HL7Value(storage: storage, range: record.end..<record.end, level: .field, literal: false)
        }
        return HL7Value(storage: storage, range: range, level: .field, literal: false)
    }

    /// The byte range `field(number)` views (empty at the segment's end when absent). For MSH-1 and
    /// MSH-2, which are literal, ask `field` instead.
    @inline(__always)
    func fieldRange(_ number: Int) -> Range<Int> {
        let record = self.record
        let raw = record.code == SegmentCode.msh && number > 0 ? number - 1 : number
        guard raw >= 0, raw < record.fieldCount else { return record.end..<record.end }
        let fieldEnds = storage.fieldEnds
        let end = fieldEnds[record.firstField + raw]
        let start = raw == 0 ? record.start : fieldEnds[record.firstField + raw - 1] + 1
        return start..<end
    }

    /// Decoded text of `field`.`component`[.`subcomponent`] (first repetition), the typed accessors' fast path.
    /// Works on byte ranges only, so no intermediate value (and no reference count) is made.
    func text(_ field: Int, _ component: Int = 1, _ subcomponent: Int? = nil) -> String {
        let header = isHeader
        if header, field == 1 || field == 2 { return self.field(field).text(component: component, subcomponent: subcomponent) }
        let range = fieldRange(field)
        if range.isEmpty { return "" }
        let delimiters = storage.delimiters
        var target = storage.piece(range, component, delimiters.component, delimiters.repetition)
        if let subcomponent { target = storage.piece(target, subcomponent, delimiters.subcomponent, delimiters.subcomponent) }
        return storage.text(target)
    }

    /// Same as `field(_:)`.
    public subscript(_ number: Int) -> HL7Value { field(number) }
}
