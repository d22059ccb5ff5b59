/// A view of a field, a repetition, a component or a sub-component. Numbers are 1-based as in HL7
/// (CX.5 is `component(5)`); asking past the end gives an empty value, never a crash.
///
/// Asking a field for a component reads its first repetition, and asking for a sub-component reads
/// the first component, as HL7 readers conventionally do.
public struct HL7Value: Sendable {
    enum Level: UInt8, Comparable {
        case field, repetition, component, subcomponent
        static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    let storage: HL7Storage
    let range: Range<Int>
    let level: Level
    /// MSH-1 and MSH-2 hold delimiters themselves: no splitting, no escapes.
    let literal: Bool

    init(storage: HL7Storage, range: Range<Int>, level: Level, literal: Bool) {
        self.storage = storage
        self.range = range
        self.level = level
        self.literal = literal
    }

    /// The bytes as sent, escapes undecoded.
    public var bytes: ArraySlice<UInt8> { storage.bytes[range] }

    /// True when nothing was sent.
    public var isEmpty: Bool { range.isEmpty }

    /// True for HL7's explicit null `""` ("delete the stored value").
    public var isNull: Bool {
        range.count == 2 && storage.bytes[range.lowerBound] == 0x22 && storage.bytes[range.lowerBound + 1] == 0x22
    }

    /// Escape-decoded text in the message's character set.
    ///
    /// Highlight escapes are dropped, `\.br\` becomes a newline, line breaks of wrapped continuation
    /// lines are removed, and `""` (the HL7 null) reads as empty. Separators inside the value stay as
    /// they are, so ask a leaf (component or sub-component) when the value may have structure.
    public var text: String {
        if isNull { return "" }
        if literal { return raw }
        let bytes = storage.bytes[range]
        if !needsDecoding(bytes) { return TextDecoding.string(bytes, storage.charset.encoding) }
        let decoded = EscapeDecoding.decode(bytes, delimiters: storage.delimiters)
        return TextDecoding.string(decoded.bytes[...], storage.charset.encoding)
    }

    /// The text as sent: decoded from the character set, escapes kept (`A\S\B`). What MSA-2 echoes.
    public var raw: String { TextDecoding.string(storage.bytes[range], storage.charset.encoding) }

    /// Like `text`, split into runs where `\H\` … `\N\` mark highlighted (bold) text.
    public var styledText: [HL7TextRun] {
        if isNull { return [] }
        if literal { return raw.isEmpty ? [] : [HL7TextRun(text: raw, isHighlighted: false)] }
        let decoded = EscapeDecoding.decode(storage.bytes[range], delimiters: storage.delimiters)
        var runs: [HL7TextRun] = []
        var from = 0
        var highlighted = false
        for toggle in decoded.highlights + [(offset: decoded.bytes.count, on: false)] {
            let piece = TextDecoding.string(decoded.bytes[from..<toggle.offset], storage.charset.encoding)
            if !piece.isEmpty {
                if let last = runs.last, last.isHighlighted == highlighted {
                    runs[runs.count - 1].text += piece
                } else {
                    runs.append(HL7TextRun(text: piece, isHighlighted: highlighted))
                }
            }
            from = toggle.offset
            highlighted = toggle.on
        }
        return runs
    }

    // MARK: Navigation

    /// Repetition `number` of a field (1-based); for values below field level, 1 is the value itself.
    public func repetition(_ number: Int) -> HL7Value {
        guard !literal, level == .field else { return number == 1 ? lowered(to: .repetition) : empty(at: .repetition) }
        return piece(number, separator: storage.delimiters.repetition, level: .repetition)
    }

    /// Component `number` (of the first repetition, when this is a field).
    public func component(_ number: Int) -> HL7Value {
        if literal || level >= .component { return number == 1 ? lowered(to: .component) : empty(at: .component) }
        if level == .field { return repetition(1).component(number) }
        return piece(number, separator: storage.delimiters.component, level: .component)
    }

    /// Sub-component `number` (of the first component, when this is a field or repetition).
    public func subcomponent(_ number: Int) -> HL7Value {
        if literal || level == .subcomponent { return number == 1 ? self : empty(at: .subcomponent) }
        if level < .component { return component(1).subcomponent(number) }
        return piece(number, separator: storage.delimiters.subcomponent, level: .subcomponent)
    }

    /// All repetitions; none when the field is empty.
    public var repetitions: [HL7Value] {
        guard !literal, level == .field else { return isEmpty ? [] : [lowered(to: .repetition)] }
        return pieces(separator: storage.delimiters.repetition, level: .repetition)
    }

    /// All components (of the first repetition, when this is a field); none when empty.
    public var components: [HL7Value] {
        if literal || level >= .component { return isEmpty ? [] : [lowered(to: .component)] }
        if level == .field { return repetition(1).components }
        return pieces(separator: storage.delimiters.component, level: .component)
    }

    /// All sub-components (of the first component, when higher up); none when empty.
    public var subcomponents: [HL7Value] {
        if literal || level == .subcomponent { return isEmpty ? [] : [self] }
        if level < .component { return component(1).subcomponents }
        return pieces(separator: storage.delimiters.subcomponent, level: .subcomponent)
    }

    // MARK: Helpers

    private func lowered(to newLevel: Level) -> HL7Value {
        HL7Value(storage: storage, range: range, level: max(level, newLevel), literal: literal)
    }

    private func empty(at newLevel: Level) -> HL7Value {
        HL7Value(storage: storage, range: range.upperBound..<range.upperBound, level: newLevel, literal: false)
    }

    private func piece(_ number: Int, separator: UInt8, level newLevel: Level) -> HL7Value {
        guard number >= 1 else { return empty(at: newLevel) }
        let bytes = storage.bytes
        var start = range.lowerBound
        var remaining = number - 1
        var i = start
        let end = range.upperBound
        while i < end {
            if bytes[i] == separator {
                if remaining == 0 { break }
                remaining -= 1
                start = i + 1
            }
            i += 1
        }
        guard remaining == 0 else { return empty(at: newLevel) }
        return HL7Value(storage: storage, range: start..<i, level: newLevel, literal: false)
    }

    private func pieces(separator: UInt8, level newLevel: Level) -> [HL7Value] {
        guard !range.isEmpty else { return [] }
        let bytes = storage.bytes
        var result: [HL7Value] = []
        var start = range.lowerBound
        for i in range where bytes[i] == separator {
            result.append(HL7Value(storage: storage, range: start..<i, level: newLevel, literal: false))
            start = i + 1
        }
        result.append(HL7Value(storage: storage, range: start..<range.upperBound, level: newLevel, literal: false))
        return result
    }

    private func needsDecoding(_ bytes: ArraySlice<UInt8>) -> Bool {
        let escape = storage.delimiters.escape
        if !storage.hasLineBreaksInside { return bytes.contains(escape) }
        return bytes.contains { $0 == escape || $0 == HL7Parser.cr || $0 == HL7Parser.lf }
    }
}

/// A piece of decoded text and whether `\H\` highlighted it.
public struct HL7TextRun: Sendable, Equatable {
    public var text: String
    public var isHighlighted: Bool

    public init(text: String, isHighlighted: Bool) {
        self.text = text
        self.isHighlighted = isHighlighted
    }
}
