/// The screen as a value: `width × height` cells, each a grapheme and a style role.
///
/// Views render into a grid; the terminal backend copies it to the screen; tests compare it as
/// text. Every write measures display width (患者 takes four cells, a combining accent none) and
/// keeps wide characters whole: overwriting either half of one turns the other half into a space.
public struct CellGrid: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// How many times the bell has rung so far: the terminal rings once more each time it rises.
    public var bells = 0

    /// A grid of spaces in `role`.
    public init(width: Int, height: Int, role: StyleRole = .normal) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: Cell(" ", role: role), count: self.width * self.height)
    }

    public init(size: GridSize, role: StyleRole = .normal) {
        self.init(width: size.width, height: size.height, role: role)
    }

    public var size: GridSize { GridSize(width: width, height: height) }
    public var bounds: Rect { Rect(size) }

    /// The cell at column `x`, row `y` (both must be inside the grid).
    public subscript(x: Int, y: Int) -> Cell {
        precondition(contains(x: x, y: y), "cell (\(x),\(y)) outside a \(size) grid")
        return cells[y * width + x]
    }

    public func contains(x: Int, y: Int) -> Bool { x >= 0 && x < width && y >= 0 && y < height }

    /// The cells of row `y`.
    public func row(_ y: Int) -> ArraySlice<Cell> {
        precondition(y >= 0 && y < height, "row \(y) outside a \(size) grid")
        return cells[(y * width)..<((y + 1) * width)]
    }

    /// Row `y` as the text a terminal would show (continuation cells contribute nothing).
    public func text(row y: Int) -> String { row(y).map(\.text).joined() }

    /// Every row's text, top to bottom.
    public var lines: [String] { (0..<height).map { text(row: $0) } }

    /// Writes `text` at (`x`, `y`) in `role`, at most `maxWidth` cells and never past the edge.
    ///
    /// The text is sanitised (`ScreenText.sanitize`). Text that does not fit is cut at a grapheme
    /// boundary; a wide character that would straddle the limit becomes a space; with `ellipsis`
    /// the last cell shows `…`. Columns left of 0 are clipped. Returns the column after the text.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: StyleRole,
                             maxWidth: Int? = nil, ellipsis: Bool = true) -> Int {
        guard y >= 0, y < height else { return x }
        let available = min(maxWidth ?? Int.max, width - x)
        guard available > 0 else { return x }
        let glyphs = ScreenText.fit(ScreenText.graphemes(text), width: available, ellipsis: ellipsis)
        var column = x
        for glyph in glyphs {
            defer { column += glyph.width }
            if column + glyph.width <= 0 { continue }
            if column < 0 {
                // The right half of a wide character would show at column 0.
                write(" ", width: 1, x: 0, y: y, role: role)
            } else {
                write(glyph.text, width: glyph.width, x: column, y: y, role: role)
            }
        }
        return column
    }

    /// Fills `rect` (clipped to the grid) with `character` in `role`.
    ///
    /// A character that is not exactly one cell wide fills with spaces instead.
    public mutating func fill(_ rect: Rect, role: StyleRole, with character: Character = " ") {
        let text = DisplayWidth.of(character) == 1 ? ScreenText.sanitize(String(character)) : " "
        let area = rect.intersection(bounds)
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { write(text, width: 1, x: x, y: y, role: role) }
        }
    }

    /// Changes the role of every cell in `rect` (clipped), keeping the text — e.g. a selected row.
    public mutating func restyle(_ rect: Rect, role: StyleRole) {
        let area = rect.intersection(bounds)
        for y in area.y..<area.maxY {
            for x in area.x..<area.maxX { cells[y * width + x].role = role }
        }
        // A wide character cut by the rectangle's edge must keep one role for both halves.
        for y in area.y..<area.maxY {
            if area.x > 0, cells[y * width + area.x].isContinuation {
                cells[y * width + area.x].role = cells[y * width + area.x - 1].role
            }
            if area.maxX < width, cells[y * width + area.maxX].isContinuation {
                cells[y * width + area.maxX].role = cells[y * width + area.maxX - 1].role
            }
        }
    }

    /// Writes one grapheme of `cellWidth` (1 or 2) cells, repairing any wide character it cuts.
    private mutating func write(_ text: String, width cellWidth: Int, x: Int, y: Int, role: StyleRole) {
        guard x >= 0, x + cellWidth <= width, y >= 0, y < height else { return }
        breakWideCharacter(at: x, y: y)
        if cellWidth == 2 { breakWideCharacter(at: x + 1, y: y) }
        let index = y * width + x
        cells[index] = Cell(text, role: role)
        if cellWidth == 2 { cells[index + 1] = .continuation(role) }
    }

    /// Before cell (x, y) is overwritten: the other half of a wide character there becomes a space.
    private mutating func breakWideCharacter(at x: Int, y: Int) {
        let index = y * width + x
        if cells[index].isContinuation {
            if x > 0 { cells[index - 1].text = " " }
            cells[index].text = " "
        } else if x + 1 < width, cells[index + 1].isContinuation {
            cells[index + 1].text = " "
        }
    }
}
