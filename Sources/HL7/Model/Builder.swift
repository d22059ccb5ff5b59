/// What to put in a field when building a message.
public enum HL7FieldValue: Sendable, Equatable {
    /// Plain text; separators and the escape character in it are escaped when encoded.
    case text(String)
    /// Plain-text components, each escaped, joined with the component separator.
    case components([String])
    /// Components made of plain-text sub-components (`[["101", "Required field missing"]]` → `101&Required…`).
    case structured([[String]])
    /// Bytes already in HL7 form, written verbatim (a whole HD copied from another message).
    case encoded([UInt8])
    /// Values joined with the repetition separator (`PI id~MR id` in PID-3).
    indirect case repetitions([HL7FieldValue])

    /// A field with nothing in it.
    public static let empty = HL7FieldValue.encoded([])
}

/// One segment under construction: an id and fields numbered as in HL7.
public struct HL7SegmentBuilder: Sendable, Equatable {
    /// Three-character segment id.
    public var id: String
    /// Field 1 onward; for MSH, MSH-3 onward (MSH-1 and MSH-2 come from the delimiters).
    public var fields: [HL7FieldValue]

    /// Creates a segment; `fields` start at field 1 (MSH-3 for MSH).
    public init(_ id: String, _ fields: [HL7FieldValue] = []) {
        self.id = id
        self.fields = fields
    }

    private var firstNumber: Int { id == "MSH" ? 3 : 1 }

    /// Field `number` in HL7 numbering; setting past the end pads with empty fields. MSH-1, MSH-2
    /// and field 0 are not stored here: reading them gives `.empty` and setting them does nothing.
    public subscript(number: Int) -> HL7FieldValue {
        get {
            let index = number - firstNumber
            return index >= 0 && index < fields.count ? fields[index] : .empty
        }
        set {
            let index = number - firstNumber
            guard index >= 0 else { return }
            while fields.count <= index { fields.append(.empty) }
            fields[index] = newValue
        }
    }
}

/// Builds or modifies a message; `build()` parses the result so it reads like any received message.
public struct HL7MessageBuilder: Sendable {
    public var delimiters: HL7Delimiters
    /// The character set text fields are written in.
    public var encoding: HL7TextEncoding
    /// How a line feed in text is written.
    public var lineFeed: HL7LineFeedEscape
    public var segments: [HL7SegmentBuilder]

    /// An empty builder; the first segment should be MSH.
    public init(delimiters: HL7Delimiters = .standard, encoding: HL7TextEncoding = .utf8,
                lineFeed: HL7LineFeedEscape = .lineBreak, segments: [HL7SegmentBuilder] = []) {
        self.delimiters = delimiters
        self.encoding = encoding
        self.lineFeed = lineFeed
        self.segments = segments
    }

    /// A builder holding a copy of `message`'s segments, every field as its encoded bytes (line
    /// breaks of wrapped continuation lines removed), to be edited and rebuilt.
    public init(_ message: HL7Message) {
        self.delimiters = message.delimiters
        self.encoding = message.charset.encoding
        self.lineFeed = .lineBreak
        self.segments = message.segments.map { segment in
            let first = segment.isHeader ? 3 : 1
            let fields: [HL7FieldValue] = first <= segment.fieldCount
                ? (first...segment.fieldCount).map { number in
                    .encoded(segment.field(number).bytes.filter { $0 != HL7Parser.cr && $0 != HL7Parser.lf })
                }
                : []
            return HL7SegmentBuilder(segment.id, fields)
        }
    }

    /// The message as bytes, every segment ending in `\r`.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        for segment in segments {
            out.append(contentsOf: TextDecoding.bytes(segment.id, .utf8))
            if segment.id == "MSH" {
                out.append(delimiters.field)
                out.append(contentsOf: delimiters.encodingCharacters)
            }
            for field in segment.fields {
                out.append(delimiters.field)
                out.append(contentsOf: encode(field))
            }
            out.append(HL7Parser.cr)
        }
        return out
    }

    /// Encodes and parses the message.
    public func build() throws(HL7ParseError) -> HL7Message {
        try HL7Parser.parse(encoded())
    }

    /// The bytes of one field value with this builder's delimiters and character set.
    public func encode(_ value: HL7FieldValue) -> [UInt8] {
        switch value {
        case .encoded(let bytes):
            return bytes
        case .text(let text):
            return escape(text)
        case .components(let components):
            return encode(.structured(components.map { [$0] }))
        case .structured(let components):
            var out: [UInt8] = []
            for (index, component) in components.enumerated() {
                if index > 0 { out.append(delimiters.component) }
                for (subindex, subcomponent) in component.enumerated() {
                    if subindex > 0 { out.append(delimiters.subcomponent) }
                    out.append(contentsOf: escape(subcomponent))
                }
            }
            return out
        case .repetitions(let values):
            var out: [UInt8] = []
            for (index, value) in values.enumerated() {
                if index > 0 { out.append(delimiters.repetition) }
                out.append(contentsOf: encode(value))
            }
            return out
        }
    }

    private func escape(_ text: String) -> [UInt8] {
        EscapeEncoding.escape(text, delimiters: delimiters, encoding: encoding, lineFeed: lineFeed)
    }
}

/// How the builder escapes a line feed in text.
public enum HL7LineFeedEscape: Sendable, Equatable {
    /// `\.br\`: a line break of formatted text, what ACK texts use.
    case lineBreak
    /// `\X0A\`: the byte itself, for senders that keep formatting escapes out of their fields.
    case hex
}
