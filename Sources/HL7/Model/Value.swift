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

    /// The same bytes, read without reference counting.
    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: storage.buffer[range]) }

    /// True when nothing was sent.
    public var isEmpty: Bool { range.isEmpty }

    /// True for HL7's explicit null `""` ("delete the stored value").
    public var isNull: Bool {
        range.count == 2 && storage.buffer[range.lowerBound] == 0x22 && storage.buffer[range.lowerBound + 1] == 0x22
    }

    /// Escape-decoded text in the message's character set.
    ///
    /// Highlight escapes are dropped, `\.br\` becomes a newline, line breaks of wrapped continuation
    /// lines are removed, and `""` (the HL7 null) reads as empty. Separators inside the value stay as
    /// they are, so ask a leaf (component or sub-component) when the value may have structure.
    public var text: String { literal ? raw : storage.text(range) }

    /// The text as sent: decoded from the character set, escapes kept (`A\S\B`). What MSA-2 echoes.
    public var raw: String { storage.raw(range) }

    /// Like `text`, split into runs where `\H\` … `\N\` mark highlighted (bold) text.
    public var styledText: [HL7TextRun] {
        if isNull { return [] }
        if literal { return raw.isEmpty ? [] : [HL7TextRun(text: raw, isHighlighted: false)] }
        let decoded = EscapeDecoding.decode(buffer, delimiters: storage.delimiters)
        var runs: [HL7TextRun] = []
        var from = 0
        var highlighted = false
        for toggle in decoded.highlights + [(offset: decoded.bytes.count, on: false)] {
            let piece = TextDecoding.string(Array(decoded.bytes[from..<toggle.offset]), storage.charset.encoding)
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
        return child(storage.piece(range, number, storage.delimiters.repetition), .repetition)
    }

    /// Component `number` (of the first repetition, when this is a field).
    public func component(_ number: Int) -> HL7Value {
        if literal || level >= .component { return number == 1 ? lowered(to: .component) : empty(at: .component) }
        return child(componentRange(number), .component)
    }

    /// Sub-component `number` (of the first component, when this is a field or repetition).
    public func subcomponent(_ number: Int) -> HL7Value {
        if literal || level == .subcomponent { return number == 1 ? self : empty(at: .subcomponent) }
        let parent = level < .component ? componentRange(1) : range
        return child(storage.piece(parent, number, storage.delimiters.subcomponent), .subcomponent)
    }

    /// The text of component `number` (and of its sub-component `subcomponent`, when given),
    /// without making the intermediate values: the typed accessors' fast path.
    func text(component number: Int, subcomponent: Int? = nil) -> String {
        if literal { return number == 1 && (subcomponent ?? 1) == 1 ? raw : "" }
        let nothing = range.upperBound..<range.upperBound
        var target = level >= .component ? (number == 1 ? range : nothing) : componentRange(number)
        if let subcomponent {
            if level == .subcomponent {
                if subcomponent != 1 { target = nothing }
            } else {
                target = storage.piece(target, subcomponent, storage.delimiters.subcomponent)
            }
        }
        return storage.text(target)
    }

    /// Component `number` of this repetition, or of a field's first repetition.
    private func componentRange(_ number: Int) -> Range<Int> {
        let delimiters = storage.delimiters
        return storage.piece(range, number, delimiters.component, stopAt: level == .field ? delimiters.repetition : nil)
    }

    /// All repetitions; none when the field is empty.
    public var repetitions: [HL7Value] {
        guard !literal, level == .field else { return isEmpty ? [] : [lowered(to: .repetition)] }
        return pieces(separator: storage.delimiters.repetition, level: .repetition)
    }

    /// The repetitions as a lazy sequence, for loops that should not allocate.
    var repetitionList: HL7RepetitionSequence { HL7RepetitionSequence(value: self) }

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

    private func child(_ childRange: Range<Int>, _ childLevel: Level) -> HL7Value {
        HL7Value(storage: storage, range: childRange, level: childLevel, literal: false)
    }

    private func pieces(separator: UInt8, level newLevel: Level) -> [HL7Value] {
        guard !range.isEmpty else { return [] }
        let bytes = storage.buffer
        var result: [HL7Value] = []
        var start = range.lowerBound
        for i in range where bytes[i] == separator {
            result.append(HL7Value(storage: storage, range: start..<i, level: newLevel, literal: false))
            start = i + 1
        }
        result.append(HL7Value(storage: storage, range: start..<range.upperBound, level: newLevel, literal: false))
        return result
    }
}

/// The repetitions of a value, produced one at a time.
struct HL7RepetitionSequence: Sequence {
    let value: HL7Value

    struct Iterator: IteratorProtocol {
        let value: HL7Value
        var start: Int
        var done: Bool

        mutating func next() -> HL7Value? {
            if done { return nil }
            let storage = value.storage
            let end = value.range.upperBound
            var i = start
            if !value.literal, value.level == .field {
                let separator = storage.delimiters.repetition
                while i < end, storage.buffer[i] != separator { i += 1 }
            } else {
                i = end
            }
            let piece = HL7Value(storage: storage, range: start..<i, level: Swift.max(value.level, .repetition), literal: value.literal)
            start = i + 1
            done = i >= end
            return piece
        }
    }

    func makeIterator() -> Iterator {
        Iterator(value: value, start: value.range.lowerBound, done: value.range.isEmpty)
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
