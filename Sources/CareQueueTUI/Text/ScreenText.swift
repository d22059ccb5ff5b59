/// Makes untrusted text (HL7 fields, file names, error text) safe and measurable for the screen.
public enum ScreenText {
    /// What a lone or malformed ESC is shown as.
    public static let escapeMarker: Character = "\u{241B}"  // ␛
    /// What a C1 control is shown as (there are no control pictures for C1).
    public static let c1Marker: Character = "\u{FFFD}"  // �

    /// `text` with nothing left that a terminal would interpret.
    ///
    /// - Complete escape sequences — CSI (`ESC [` or 8-bit `0x9B`), OSC / DCS / SOS / PM / APC
    ///   strings up to BEL or ST, and two-character escapes — are removed: they carry no readable
    ///   text and could recolour, retitle or reprogram the terminal.
    /// - A lone or malformed ESC shows as `␛`; other C0 controls and DEL as their control
    ///   pictures (`␀`, `␇`, `␡`); other C1 controls as `�`.
    /// - Tabs become one space; line breaks (CR, LF, CRLF, NEL, U+2028/9) become one space —
    ///   callers that want lines split first with `lines(_:)`.
    /// - Bidirectional overrides and isolates are removed so they cannot reorder a row.
    public static func sanitize(_ text: String) -> String {
        if isAlreadyClean(text) { return text }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let value = scalar.value
            switch value {
            case 0x1B:
                if let end = EscapeSequence.end(in: scalars, escapeAt: index) {
                    index = end
                } else {
                    output.append(contentsOf: String(escapeMarker).unicodeScalars)
                    index += 1
                }
                continue
            case 0x9B, 0x90, 0x98, 0x9D, 0x9E, 0x9F:
                if let end = EscapeSequence.end(in: scalars, c1IntroducerAt: index) {
                    index = end
                    continue
                }
                output.append(contentsOf: String(c1Marker).unicodeScalars)
            case 0x09:
                output.append(" ")
            case 0x0D:
                output.append(" ")
                if index + 1 < scalars.count, scalars[index + 1].value == 0x0A { index += 1 }
            case 0x0A, 0x85, 0x2028, 0x2029:
                output.append(" ")
            case 0x00..<0x20:
                output.append(Unicode.Scalar(0x2400 + value)!)
            case 0x7F:
                output.append("\u{2421}")
            case 0x80..<0xA0:
                output.append(contentsOf: String(c1Marker).unicodeScalars)
            case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                break
            default:
                output.append(scalar)
            }
            index += 1
        }
        return String(output)
    }

    /// The lines of `text` (split at CR, LF, CRLF, NEL, U+2028/9), each sanitised.
    public static func lines(_ text: String) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A where previousWasCR:
                previousWasCR = false
                continue
            case 0x0D, 0x0A, 0x85, 0x2028, 0x2029:
                result.append(sanitize(String(current)))
                current = String.UnicodeScalarView()
                previousWasCR = scalar.value == 0x0D
                continue
            default:
                current.append(scalar)
                previousWasCR = false
            }
        }
        result.append(sanitize(String(current)))
        return result
    }

    /// Sanitised `text` as the graphemes that occupy cells, each with its width (1 or 2).
    ///
    /// Zero-width clusters (a lone ZWJ or BOM) are dropped; a combining mark with nothing to
    /// combine with is shown on a dotted circle (`◌́`) so it cannot merge into a neighbour cell.
    public static func graphemes(_ text: String) -> [DisplayGrapheme] {
        var result: [DisplayGrapheme] = []
        for character in sanitize(text) {
            let width = DisplayWidth.of(character)
            if width > 0 {
                result.append(DisplayGrapheme(text: String(character), width: width))
            } else if character.unicodeScalars.contains(where: isCombiningMark) {
                result.append(DisplayGrapheme(text: "\u{25CC}" + String(character), width: 1))
            }
        }
        return result
    }

    /// Sanitised `text` cut to at most `width` cells.
    ///
    /// When it does not fit, the result is exactly `width` cells: a wide character that would
    /// straddle the edge is replaced by a space, and with `ellipsis` the last cell is `…`.
    public static func truncate(_ text: String, toWidth width: Int, ellipsis: Bool = true) -> String {
        fit(graphemes(text), width: width, ellipsis: ellipsis).map(\.text).joined()
    }

    /// Display width of sanitised `text`.
    public static func width(_ text: String) -> Int {
        graphemes(text).reduce(0) { $0 + $1.width }
    }

    /// `graphemes` cut to at most `width` cells (see `truncate`).
    public static func fit(_ graphemes: [DisplayGrapheme], width: Int, ellipsis: Bool) -> [DisplayGrapheme] {
        guard width > 0 else { return [] }
        let total = graphemes.reduce(0) { $0 + $1.width }
        if total <= width { return graphemes }
        let budget = ellipsis ? width - 1 : width
        var kept: [DisplayGrapheme] = []
        var used = 0
        for grapheme in graphemes {
            if used + grapheme.width > budget { break }
            kept.append(grapheme)
            used += grapheme.width
        }
        while used < budget {
            kept.append(DisplayGrapheme(text: " ", width: 1))
            used += 1
        }
        if ellipsis { kept.append(DisplayGrapheme(text: "\u{2026}", width: 1)) }
        return kept
    }

    private static func isCombiningMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark: return true
        default: return false
        }
    }

    private static func isAlreadyClean(_ text: String) -> Bool {
        // Most text is plain printable ASCII; skip the rebuild for it.
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }
}

/// One grapheme cluster ready for the grid: its text and the cells it takes (1 or 2).
public struct DisplayGrapheme: Hashable, Sendable {
    public var text: String
    public var width: Int

    public init(text: String, width: Int) {
        self.text = text
        self.width = width
    }
}

/// Recognises ECMA-48 escape sequences so `sanitize` can drop them whole.
enum EscapeSequence {
    /// Index just past the sequence that starts with ESC at `start`, or nil when malformed.
    static func end(in scalars: [Unicode.Scalar], escapeAt start: Int) -> Int? {
        let next = start + 1
        guard next < scalars.count else { return nil }
        switch scalars[next].value {
        case 0x5B:  // [ : CSI
            return csiEnd(in: scalars, parametersAt: next + 1)
        case 0x5D, 0x50, 0x58, 0x5E, 0x5F:  // ] P X ^ _ : OSC, DCS, SOS, PM, APC
            return stringEnd(in: scalars, contentAt: next + 1)
        case 0x20...0x2F:  // intermediates, then a final byte (e.g. ESC ( B)
            var index = next
            while index < scalars.count, (0x20...0x2F).contains(scalars[index].value) { index += 1 }
            guard index < scalars.count, (0x30...0x7E).contains(scalars[index].value) else { return nil }
            return index + 1
        case 0x30...0x7E:  // two-character escapes (ESC c, ESC 7, ESC M …)
            return next + 1
        default:
            return nil
        }
    }

    /// Index just past the sequence introduced by an 8-bit C1 control at `start`, or nil.
    static func end(in scalars: [Unicode.Scalar], c1IntroducerAt start: Int) -> Int? {
        switch scalars[start].value {
        case 0x9B: return csiEnd(in: scalars, parametersAt: start + 1)
        default: return stringEnd(in: scalars, contentAt: start + 1)
        }
    }

    private static func csiEnd(in scalars: [Unicode.Scalar], parametersAt start: Int) -> Int? {
        var index = start
        while index < scalars.count, (0x30...0x3F).contains(scalars[index].value) { index += 1 }
        while index < scalars.count, (0x20...0x2F).contains(scalars[index].value) { index += 1 }
        guard index < scalars.count, (0x40...0x7E).contains(scalars[index].value) else { return nil }
        return index + 1
    }

    /// Longest control string removed whole; longer ones are treated as malformed, which keeps
    /// sanitising linear on hostile input full of unterminated introducers.
    static let maximumStringLength = 4096

    /// Control strings end at BEL, ST (ESC \) or 8-bit ST (0x9C); unterminated ones are malformed.
    private static func stringEnd(in scalars: [Unicode.Scalar], contentAt start: Int) -> Int? {
        var index = start
        let limit = min(scalars.count, start + maximumStringLength)
        while index < limit {
            switch scalars[index].value {
            case 0x07, 0x9C:
                return index + 1
            case 0x1B:
                guard index + 1 < scalars.count, scalars[index + 1].value == 0x5C else { return nil }
                return index + 2
            default:
                index += 1
            }
        }
        return nil
    }
}
