/// A note being typed, wrapped over several lines of a dialog, with its cursor.
enum NoteFieldView {
    /// `note` broken into lines at most `width` cells wide (at the last space that fits, else mid-word),
    /// every character kept, and the cursor's line and cell in them. A cursor after a full last line
    /// starts a line of its own.
    struct Layout: Equatable {
        var lines: [String]
        var cursorLine: Int
        var cursorColumn: Int
    }

    static func layout(_ note: NoteText, width: Int) -> Layout {
        let width = max(1, width)
        let glyphs = note.characters.map { character in
            ScreenText.graphemes(String(character)).reduce(into: (text: "", width: 0)) { glyph, part in
                glyph.text += part.text
                glyph.width += part.width
            }
        }
        // Where each line starts, as an index into the characters.
        var starts = [0]
        var lineWidth = 0
        var afterLastSpace: Int?
        for index in glyphs.indices {
            if lineWidth + glyphs[index].width > width, index > starts[starts.count - 1] {
                let start = afterLastSpace.flatMap { $0 > starts[starts.count - 1] ? $0 : nil } ?? index
                starts.append(start)
                lineWidth = glyphs[start..<index].reduce(0) { $0 + $1.width }
                afterLastSpace = nil
            }
            lineWidth += glyphs[index].width
            if note.characters[index] == " " { afterLastSpace = index + 1 }
        }
        var ends = Array(starts.dropFirst()) + [glyphs.count]
        var lines = zip(starts, ends).map { start, end in glyphs[start..<end].map(\.text).joined() }
        var cursorLine = starts.lastIndex { $0 <= note.cursor } ?? 0
        var cursorColumn = glyphs[starts[cursorLine]..<note.cursor].reduce(0) { $0 + $1.width }
        if cursorColumn >= width {
            starts.append(note.cursor)
            ends.append(note.cursor)
            lines.append("")
            cursorLine += 1
            cursorColumn = 0
        }
        return Layout(lines: lines, cursorLine: cursorLine, cursorColumn: cursorColumn)
    }

    /// Draws `note` in `rect`, scrolled so the cursor's line is in view; the character under the
    /// cursor is highlighted, or a block stands after the last one.
    static func draw(_ note: NoteText, in rect: Rect, on grid: inout CellGrid) {
        guard rect.width > 1, rect.height > 0 else { return }
        grid.fill(rect, role: .input)
        let layout = layout(note, width: rect.width - 1)
        let first = max(0, layout.cursorLine - rect.height + 1)
        for (offset, line) in layout.lines.dropFirst(first).prefix(rect.height).enumerated() {
            grid.put(line, x: rect.x, y: rect.y + offset, role: .input, ellipsis: false)
        }
        let y = rect.y + layout.cursorLine - first
        let x = rect.x + layout.cursorColumn
        if note.cursor < note.characters.count {
            grid.put(String(note.characters[note.cursor]), x: x, y: y, role: .dialogSelected, ellipsis: false)
        } else {
            grid.put("█", x: x, y: y, role: .input)
        }
    }
}
