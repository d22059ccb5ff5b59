/// Word wrapping by display width (a wide character counts two cells).
public enum TextWrap {
    /// The lines of sanitised `text` at most `width` cells wide, broken at spaces where possible.
    public static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var result: [String] = []
        for paragraph in ScreenText.lines(text) {
            var line: [DisplayGrapheme] = []
            var lineWidth = 0
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                let glyphs = ScreenText.graphemes(String(word))
                let wordWidth = glyphs.reduce(0) { $0 + $1.width }
                if lineWidth > 0, lineWidth + 1 + wordWidth <= width {
                    line.append(DisplayGrapheme(text: " ", width: 1))
                    line += glyphs
                    lineWidth += 1 + wordWidth
                    continue
                }
                if lineWidth > 0 { result.append(joined(line)) }
                line = []
                lineWidth = 0
                // A word longer than the line is cut into line-sized pieces.
                for glyph in glyphs {
                    if lineWidth + glyph.width > width {
                        result.append(joined(line))
                        line = []
                        lineWidth = 0
                    }
                    line.append(glyph)
                    lineWidth += glyph.width
                }
            }
            result.append(joined(line))
        }
        return result
    }

    /// `text` (sanitised) as lines at most `width` cells, cut at the width rather than at spaces so
    /// nothing moves or goes (raw HL7: a space is data); continuations start with `indent`.
    public static func cut(_ text: String, width: Int, continuation indent: String) -> [String] {
        // An indent that leaves no room is dropped rather than looping on empty lines.
        let indent = ScreenText.width(indent) < width ? indent : ""
        var lines: [String] = []
        var line = ""
        var lineWidth = 0
        var prefix = ""
        for glyph in ScreenText.graphemes(text) {
            if lineWidth > 0, ScreenText.width(prefix) + lineWidth + glyph.width > width {
                lines.append(prefix + line)
                (line, lineWidth, prefix) = ("", 0, indent)
            }
            line += glyph.text
            lineWidth += glyph.width
        }
        lines.append(prefix + line)
        return lines
    }

    private static func joined(_ glyphs: [DisplayGrapheme]) -> String { glyphs.map(\.text).joined() }
}
