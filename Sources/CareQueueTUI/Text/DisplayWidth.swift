/// How many terminal cells text occupies (a pure-Swift `wcwidth`/`wcswidth`).
///
/// Scalars: East Asian Wide/Fullwidth and emoji-presentation characters take two cells; combining
/// marks, format characters (ZWJ, ZWSP) and Hangul medial/final jamo take none; everything else
/// one. C0/C1 controls and DEL measure 0 here: they must be sanitised before display
/// (`ScreenText.sanitize`). A grapheme cluster is as wide as its first non-zero-width scalar,
/// widened to 2 by an emoji presentation selector (U+FE0F) — so ZWJ sequences, flags, keycaps and
/// skin-tone modifiers take the two cells terminals give them.
public enum DisplayWidth {
    /// Cells one Unicode scalar occupies: 0, 1 or 2.
    public static func of(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        if value < 0x7F { return value >= 0x20 ? 1 : 0 }
        if value < 0xA0 { return 0 }
        if isZeroWidth(scalar) { return 0 }
        if WideRanges.contains(value) || scalar.properties.isEmojiPresentation { return 2 }
        return 1
    }

    /// Cells one grapheme cluster occupies: 0, 1 or 2.
    public static func of(_ character: Character) -> Int {
        var width = 0
        var first: Unicode.Scalar?
        for scalar in character.unicodeScalars {
            if first == nil {
                let scalarWidth = of(scalar)
                if scalarWidth > 0 {
                    first = scalar
                    width = scalarWidth
                }
            } else if scalar.value == 0xFE0F, let base = first, base.properties.isEmoji {
                width = 2
            }
        }
        return width
    }

    /// Cells a string occupies (the sum over its grapheme clusters).
    public static func of(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        // The soft hyphen is a format character that terminals nevertheless print.
        if value == 0xAD { return false }
        // Hangul medial vowels and final consonants join the preceding leading consonant.
        if (0x1160...0x11FF).contains(value) || (0xD7B0...0xD7FF).contains(value) { return true }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format:
            return true
        default:
            return false
        }
    }
}

/// East Asian Wide (W) and Fullwidth (F) code points outside the emoji blocks (emoji are found
/// through `isEmojiPresentation`). Unassigned gaps inside a block count as wide, as in wcwidth.
enum WideRanges {
    static let ranges: [ClosedRange<UInt32>] = [
        0x1100...0x115F,    // Hangul Jamo leading consonants
        0x2329...0x232A,    // angle brackets
        0x2E80...0x303E,    // CJK radicals, Kangxi, ideographic description, CJK symbols
        0x3041...0x3247,    // Hiragana … enclosed CJK letters
        0x3250...0x4DBF,    // enclosed CJK … CJK Extension A
        0x4E00...0xA4CF,    // CJK Unified Ideographs, Yi
        0xA960...0xA97F,    // Hangul Jamo Extended-A
        0xAC00...0xD7A3,    // Hangul syllables
        0xF900...0xFAFF,    // CJK compatibility ideographs
        0xFE10...0xFE19,    // vertical forms
        0xFE30...0xFE6F,    // CJK compatibility forms, small form variants
        0xFF00...0xFF60,    // fullwidth forms
        0xFFE0...0xFFE6,    // fullwidth signs
        0x16FE0...0x16FE4,  // ideographic symbols
        0x16FF0...0x16FF1,
        0x17000...0x18CFF,  // Tangut, Khitan
        0x18D00...0x18D08,
        0x1AFF0...0x1B2FF,  // Kana supplement and extensions, Nushu
        0x1F004...0x1F004,  // mahjong red dragon
        0x1F0CF...0x1F0CF,  // playing card black joker
        0x1F18E...0x1F18E,
        0x1F191...0x1F19A,  // squared CL … VS
        0x1F200...0x1F2FF,  // enclosed ideographic supplement
        0x20000...0x2FFFD,  // CJK Extensions B–F, supplementary ideographic plane
        0x30000...0x3FFFD,  // tertiary ideographic plane
    ]

    static func contains(_ value: UInt32) -> Bool {
        // Fast exit for the scripts below every range (Latin, Greek, Cyrillic, Hebrew, Arabic …).
        if value < 0x1100 { return false }
        var low = 0, high = ranges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = ranges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                return true
            }
        }
        return false
    }
}
