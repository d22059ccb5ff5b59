import Foundation

/// The folded form find compares: lowercase, accents and other diacritics removed, so `jose` finds
/// José, `nguyen` Nguyễn and `muller` Müller.
///
/// The same folding applies to what the store keeps and to what is typed, so a substring of the
/// folded needle in the folded document is the match. Letters that carry no separable accent fold
/// by a table (ß→ss, Ø→o, Ł→l, Æ→ae, ı→i); marks outside the Latin, Greek and Cyrillic diacritic
/// blocks (kana voicing, Indic vowel signs) are part of the letter and stay.
public enum SearchText {
    /// Between the parts of a task's document: a needle never holds it, so no match spans two parts.
    public static let separator: Character = "\u{1F}"

    /// Needles at least this long (in folded characters) can go through a trigram index; closed
    /// tasks are searched only through one, so shorter needles find open tasks alone.
    public static let trigramLength = 3

    /// Whether `typed` is long enough, once folded, to search closed tasks.
    public static func searchesClosed(_ typed: String) -> Bool {
        needle(typed).unicodeScalars.count >= trigramLength
    }

    /// `text` lowercased, compatibility-decomposed, stripped of combining diacritics and recomposed.
    public static func fold(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return asciiLowercased(text) }
        var scalars = String.UnicodeScalarView()
        for scalar in text.lowercased().decomposedStringWithCompatibilityMapping.unicodeScalars {
            if isDiacritic(scalar) { continue }
            if let replacement = letters[scalar] {
                scalars.append(contentsOf: replacement.unicodeScalars)
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars).precomposedStringWithCanonicalMapping
    }

    /// What find compares typed text with: folded, control characters dropped, trimmed, and a comma
    /// always followed by one space (so "müller,j" and "Müller, J" are the same needle).
    public static func needle(_ typed: String) -> String {
        let visible = String(String.UnicodeScalarView(typed.unicodeScalars.filter { !isControl($0) }))
        return commasSpaced(fold(visible.trimmingCharacters(in: .whitespaces)))
    }

    /// The text find searches for one task: the MRN, "family, given", "given family" and the test
    /// (the order's service text), each folded, joined by `separator`. A needle matches when it is a
    /// substring of one part, which is what matching the MRN, the family or given name, "family,
    /// given", "family,given", "given family" or the test's name means — never text that runs from
    /// one part into the next (the end of an MRN into a name).
    public static func document(mrn: String, family: String, given: String, test: String) -> String {
        [mrn, family + ", " + given, given + " " + family, test]
            .map { commasSpaced(fold(controlsAsSpaces($0))) }
            .joined(separator: String(separator))
    }

    /// Every task derived runs this four times: it copies only text that holds a control character.
    private static func controlsAsSpaces(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? " " : $0 }))
    }

    /// "a,b" → "a, b"; a comma already followed by a space stays as it is.
    ///
    /// Works on UTF-8 bytes (a comma or space byte is never part of a longer character), because
    /// `String.contains` of a string goes through Foundation and cost more than the rest of the fold.
    private static func commasSpaced(_ text: String) -> String {
        let comma = UInt8(ascii: ","), space = UInt8(ascii: " ")
        guard text.utf8.contains(comma) else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count + 4)
        var previousWasComma = false
        for byte in text.utf8 {
            if previousWasComma, byte != space { result.append(space) }
            result.append(byte)
            previousWasComma = byte == comma
        }
        if previousWasComma { result.append(space) }
        return String(decoding: result, as: UTF8.self)
    }

    private static func asciiLowercased(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) else { return text }
        return String(decoding: text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// Combining marks of the diacritic blocks: Latin, Greek and Cyrillic accents, Vietnamese tone marks.
    private static func isDiacritic(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0300...0x036F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF, 0xFE20...0xFE2F: return true
        default: return false
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// Lowercase letters with no canonical decomposition, and what they fold to.
    private static let letters: [Unicode.Scalar: String] = [
        "ß": "ss", "ẞ": "ss", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae", "œ": "oe",
        "ı": "i", "ħ": "h", "ŧ": "t", "ƒ": "f", "ĸ": "k",
    ]
}
