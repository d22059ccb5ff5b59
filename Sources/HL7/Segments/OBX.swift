/// OBX, one observation, with decoded accessors.
public struct OBXSegment: Sendable {
    public let segment: HL7Segment

    public init(_ segment: HL7Segment) {
        self.segment = segment
    }

    /// OBX-1 set id.
    public var setID: Int? { Int(segment[1].text) }
    /// OBX-2 value type (`NM`, `SN`, `ST`, `TX`, `FT`, `CE`, `CWE`, `ED`, `RP` …).
    public var valueType: String { segment.text(2, 1) }
    /// OBX-3 observation identifier (LOINC code, text, system).
    public var identifier: HL7CodedElement { HL7CodedElement(segment[3]) }
    /// OBX-4 sub-id.
    public var subID: String { segment.text(4, 1) }
    /// OBX-5 repetitions, undecoded, for callers that need the structure.
    public var values: [HL7Value] { segment[5].repetitions }
    /// OBX-5 as display text (see `ObservationValueText`).
    public var displayValue: String {
        // MSH-2 is literal; an OBX view over an MSH reads it the general way.
        if segment.isHeader {
            return ObservationValueText.display(segment[5], kind: ObservationValueText.Kind(segment[2].component(1).bytes))
        }
        return segment.storage.observationDisplay(type: segment.fieldRange(2), value: segment.fieldRange(5))
    }
    /// OBX-6 units: the text, else the identifier.
    public var units: String { HL7CodedElement(segment[6]).displayText }
    /// OBX-7 reference range as sent (`3.5-5.1`, `70_105`).
    public var referenceRange: String { segment.text(7, 1) }
    /// OBX-8 abnormal flags, one per repetition (a CWE's code), empty ones dropped.
    public var abnormalFlags: [String] {
        segment.storage.firstComponents(of: segment.fieldRange(8))
    }
    /// OBX-11 observation result status (table 0085), empty when absent.
    public var resultStatus: String { segment.text(11, 1) }
    /// OBX-14.1 date/time of the observation as sent.
    public var observationDateTime: String { segment.text(14, 1) }
}

/// How OBX-5 reads on a screen, by value type.
///
/// - Repetitions are joined with ", ".
/// - CE/CWE/CNE/CF: the text component, else the code.
/// - SN: comparator, number, separator/suffix, number joined (`>200`, `182`, `1:64`, `2+`).
/// - ED: `[embedded PDF, 5.1 MB]` — the type and the decoded size, never the data.
/// - RP: `[PDF reference: pointer]`.
/// - TX/FT/ST: the decoded text, leading spaces and `\.br\` line breaks kept.
/// - anything else: its non-empty components joined with spaces.
public enum ObservationValueText {
    /// The display text of OBX-5 for value type `valueType`.
    public static func display(_ field: HL7Value, valueType: String) -> String {
        display(field, kind: Kind(valueType.utf8))
    }

    /// Value types grouped by how they display.
    enum Kind {
        case coded, structuredNumeric, embedded, reference, text, other

        /// Classifies OBX-2 from its bytes, ignoring case, without making a string.
        init<Bytes: Collection<UInt8>>(_ type: Bytes) {
            var code: UInt32 = 0
            var count = 0
            for byte in type {
                count += 1
                if count > 3 { break }
                code = code << 8 | UInt32(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
            }
            switch (count, code) {
            case (2, 0x4345), (3, 0x43_5745), (3, 0x43_4E45), (2, 0x4346): self = .coded      // CE CWE CNE CF
            case (2, 0x534E): self = .structuredNumeric                                    // SN
            case (2, 0x4544): self = .embedded                                             // ED
            case (2, 0x5250): self = .reference                                            // RP
            case (2, 0x5458), (2, 0x4654), (2, 0x5354), (2, 0x4E4D), (0, _): self = .text  // TX FT ST NM, none
            default: self = .other
            }
        }
    }

    static func display(_ field: HL7Value, kind: Kind) -> String {
        if !field.literal, field.level == .field { return field.storage.observationDisplay(field.range, kind: kind) }
        var result: String?
        for value in field.repetitionList {
            let text = repetition(for: value, kind: kind)
            if text.isEmpty { continue }
            if let soFar = result {
                result = soFar + ", " + text
            } else {
                result = text
            }
        }
        return result ?? ""
    }

    static func repetition(for value: HL7Value, kind: Kind) -> String {
        switch kind {
        case .coded:
            return HL7CodedElement(value).displayText
        case .structuredNumeric:
            return structuredNumeric(value)
        case .embedded:
            return embeddedDataSummary(value)
        case .reference:
            let pointer = value.text(component: 1)
            let kind = value.text(component: 4).nilIfEmpty ?? value.text(component: 3)
            return kind.isEmpty ? "[reference: \(pointer)]" : "[\(kind) reference: \(pointer)]"
        case .text:
            return value.text
        case .other:
            guard value.bytes.contains(value.storage.delimiters.component) else { return value.text }
            return value.components.map(\.text).filter { !$0.isEmpty }.joined(separator: " ")
        }
    }

    static func structuredNumeric(_ value: HL7Value) -> String {
        value.text(component: 1) + value.text(component: 2) + value.text(component: 3) + value.text(component: 4)
    }

    /// `[embedded PDF, 5.1 MB]` from ED.2 type / ED.3 subtype / ED.4 encoding / ED.5 data. The size is
    /// computed from the raw byte count, so a 10 MB payload is never turned into a string.
    static func embeddedDataSummary(_ value: HL7Value) -> String {
        let kind = [value.text(component: 3), value.text(component: 2), value.text(component: 1)]
            .first { !$0.isEmpty }?.uppercased() ?? "data"
        let data = value.component(5).bytes
        // Line breaks of wrapped continuation lines and padding are not data.
        var characters = 0
        var padding = 0
        for byte in data where byte != 0x0D && byte != 0x0A && byte != 0x20 {
            characters += 1
            padding = byte == 0x3D ? padding + 1 : 0
        }
        let size: Int
        switch value.text(component: 4).uppercased() {
        case "BASE64": size = max(0, (characters - padding) * 3 / 4)
        case "HEX": size = characters / 2
        default: size = characters
        }
        return "[embedded \(kind), \(byteCount(size))]"
    }

    /// Decimal units: `812 bytes`, `12.3 kB`, `5.1 MB`.
    static func byteCount(_ size: Int) -> String {
        func oneDecimal(_ value: Double) -> String {
            let tenths = Int((value * 10).rounded())
            return "\(tenths / 10).\(tenths % 10)"
        }
        if size < 1_000 { return size == 1 ? "1 byte" : "\(size) bytes" }
        // Below 999.95 kB the kB figure still rounds to at most 999.9.
        if size < 999_950 { return "\(oneDecimal(Double(size) / 1_000)) kB" }
        return "\(oneDecimal(Double(size) / 1_000_000)) MB"
    }
}

// The accessors' loops run as methods of the storage, so they read through it without taking a
// reference to it per call.
extension HL7Storage {
    /// `OBXSegment.displayValue` from the byte ranges of OBX-2 and OBX-5.
    func observationDisplay(type: Range<Int>, value: Range<Int>) -> String {
        let code = piece(type, 1, delimiters.component, delimiters.repetition)
        let kind = ObservationValueText.Kind(UnsafeBufferPointer(rebasing: buffer[code]))
        return observationDisplay(value, kind: kind)
    }

    /// `ObservationValueText.display` for a whole field given by its bytes: the usual case, read
    /// without making a value per repetition (only kinds with structure make one).
    func observationDisplay(_ field: Range<Int>, kind: ObservationValueText.Kind) -> String {
        if field.isEmpty { return "" }
        let separator = delimiters.repetition
        let bytes = buffer.baseAddress.unsafelyUnwrapped
        var result: String?
        var start = field.lowerBound
        let end = field.upperBound
        while true {
            var stop = start
            while stop < end, bytes[stop] != separator { stop &+= 1 }
            let text: String
            if case .text = kind {
                text = self.text(start..<stop)
            } else {
                let value = HL7Value(storage: self, range: start..<stop, level: .repetition, literal: false)
                text = ObservationValueText.repetition(for: value, kind: kind)
            }
            if !text.isEmpty {
                if let soFar = result {
                    result = soFar + ", " + text
                } else if stop == end {
                    return text
                } else {
                    result = text
                }
            }
            if stop == end { return result ?? "" }
            start = stop &+ 1
        }
    }

    /// The non-empty first components of each repetition of `field` (OBX-8's flags), decoded.
    func firstComponents(of field: Range<Int>) -> [String] {
        if field.isEmpty { return [] }
        let bytes = buffer.baseAddress.unsafelyUnwrapped
        var texts: [String] = []
        var start = field.lowerBound
        let end = field.upperBound
        while true {
            var stop = start
            while stop < end, bytes[stop] != delimiters.repetition { stop &+= 1 }
            let first = text(piece(start..<stop, 1, delimiters.component, delimiters.component))
            if !first.isEmpty {
                // One flag is the usual case: an array of exactly one, allocated once.
                if stop == end, texts.isEmpty { return [first] }
                texts.append(first)
            }
            if stop == end { return texts }
            start = stop &+ 1
        }
    }
}
