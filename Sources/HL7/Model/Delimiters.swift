/// The separators a message declares in MSH-1 and MSH-2 (`|` and `^~\&`, or `^~\&#` in v2.7+).
public struct HL7Delimiters: Sendable, Hashable {
    /// MSH-1, between fields.
    public var field: UInt8
    /// MSH-2 first character, between components.
    public var component: UInt8
    /// MSH-2 second character, between repetitions.
    public var repetition: UInt8
    /// MSH-2 third character, starts and ends an escape sequence.
    public var escape: UInt8
    /// MSH-2 fourth character, between sub-components.
    public var subcomponent: UInt8
    /// MSH-2 fifth character (v2.7+ truncation, usually `#`), when declared.
    public var truncation: UInt8?

    /// `|^~\&`, what a message without its own MSH (the "not HL7" rejection) is answered with.
    public static let standard = HL7Delimiters(field: 0x7C, component: 0x5E, repetition: 0x7E,
                                               escape: 0x5C, subcomponent: 0x26, truncation: nil)

    /// Creates a delimiter set; `truncation` is only written when present.
    public init(field: UInt8, component: UInt8, repetition: UInt8, escape: UInt8, subcomponent: UInt8,
                truncation: UInt8? = nil) {
        self.field = field
        self.component = component
        self.repetition = repetition
        self.escape = escape
        self.subcomponent = subcomponent
        self.truncation = truncation
    }

    /// MSH-2 as it is written: four or five characters.
    public var encodingCharacters: [UInt8] {
        var characters = [component, repetition, escape, subcomponent]
        if let truncation { characters.append(truncation) }
        return characters
    }

    /// True when `byte` is any separator or the escape character (not the truncation character).
    @inline(__always)
    func isStructural(_ byte: UInt8) -> Bool {
        byte == field || byte == component || byte == repetition || byte == escape || byte == subcomponent
    }
}
