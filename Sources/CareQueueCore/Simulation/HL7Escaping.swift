/// HL7 v2 escaping for text the simulator writes into a field, with the standard encoding
/// characters `|^~\&`.
enum HL7Escaping {
    /// `text` with each delimiter replaced by its escape (`\F\ \S\ \T\ \R\ \E\`) and line breaks as
    /// hex escapes, so the text can never split a field, component or segment.
    static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            switch scalar {
            case "|": result.append(contentsOf: #"\F\"#.unicodeScalars)
            case "^": result.append(contentsOf: #"\S\"#.unicodeScalars)
            case "&": result.append(contentsOf: #"\T\"#.unicodeScalars)
            case "~": result.append(contentsOf: #"\R\"#.unicodeScalars)
            case "\\": result.append(contentsOf: #"\E\"#.unicodeScalars)
            case "\r": result.append(contentsOf: #"\X0D\"#.unicodeScalars)
            case "\n": result.append(contentsOf: #"\X0A\"#.unicodeScalars)
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "|", "^", "&", "~", "\\", "\r", "\n": return true
        default: return false
        }
    }
}

/// One segment under construction: fields by HL7 sequence number, already encoded.
struct SegmentBuilder {
    private let id: String
    private var fields: [String] = []

    init(_ id: String) {
        self.id = id
    }

    /// Sets field `number` (1-based, as in `OBX-5`) to already-encoded text.
    mutating func set(_ number: Int, _ encoded: String) {
        precondition(number >= 1, "HL7 fields are numbered from 1")
        if fields.count < number { fields.append(contentsOf: repeatElement("", count: number - fields.count)) }
        fields[number - 1] = encoded
    }

    /// The segment text without its terminator; trailing empty fields are left out, as senders do.
    var text: String {
        var used = fields
        while used.last?.isEmpty == true { used.removeLast() }
        // MSH-1 is the field separator itself, so MSH's fields start after "MSH|" at MSH-2.
        if id == "MSH" { return "MSH|" + used.dropFirst().joined(separator: "|") }
        return ([id] + used).joined(separator: "|")
    }
}
