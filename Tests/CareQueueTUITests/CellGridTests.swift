import CareQueueTUI
import Testing

@Suite("CellGrid")
struct CellGridTests {
    private func grid(_ width: Int, _ operations: (inout CellGrid) -> Void) -> CellGrid {
        var grid = CellGrid(width: width, height: 1)
        operations(&grid)
        return grid
    }

    @Test("ASCII text fills one cell per character and returns the next column")
    func asciiText() {
        var grid = CellGrid(width: 8, height: 2)
        let next = grid.put("abc", x: 2, y: 1, role: .header)
        #expect(next == 5)
        #expect(grid.lines == ["        ", "  abc   "])
        #expect(grid[2, 1] == Cell("a", role: .header))
        #expect(grid[5, 1] == Cell(" ", role: .normal))
    }

    @Test("a wide character takes its cell and a continuation cell in the same role")
    func wideCharacters() {
        let result = grid(6) { $0.put("患者", x: 1, y: 0, role: .queueSelected) }
        #expect(result.text(row: 0) == " 患者 ")
        #expect(result[1, 0] == Cell("患", role: .queueSelected))
        #expect(result[2, 0].isContinuation)
        #expect(result[2, 0].role == .queueSelected)
        #expect(result[3, 0].text == "者")
        #expect(result[5, 0] == .blank)
    }

    @Test("a combining accent takes no cell of its own")
    func combining() {
        let result = grid(5) { $0.put("Jose\u{301}!", x: 0, y: 0, role: .normal) }
        #expect(result[3, 0].text == "e\u{301}")
        #expect(result[4, 0].text == "!")
    }

    @Test("cut to maxWidth with an ellipsis in the last cell")
    func ellipsis() {
        let result = grid(12) { $0.put("Müller, José", x: 0, y: 0, role: .normal, maxWidth: 6) }
        #expect(result.text(row: 0) == "Mülle…      ")
    }

    @Test("a wide character that would straddle the limit becomes a space", arguments: [
        ("ab患者", true, "ab …"), ("a患者", false, "a患 "),
    ])
    func wideAtLimit(text: String, ellipsis: Bool, expected: String) {
        let result = grid(4) { $0.put(text, x: 0, y: 0, role: .normal, maxWidth: 4, ellipsis: ellipsis) }
        #expect(result.text(row: 0) == expected)
        #expect(!(result[3, 0].isContinuation))
    }

    @Test("the right edge of the grid limits like maxWidth")
    func rightEdge() {
        #expect(grid(5) { $0.put("abcd患", x: 0, y: 0, role: .normal) }.text(row: 0) == "abcd…")
        #expect(grid(5) { $0.put("abcd患", x: 0, y: 0, role: .normal, ellipsis: false) }.text(row: 0) == "abcd ")
        #expect(grid(5) { $0.put("患", x: 4, y: 0, role: .normal, ellipsis: false) }.text(row: 0) == "     ")
    }

    @Test("writing over the right half of a wide character blanks its left half")
    func overwriteRightHalf() {
        let result = grid(4) {
            $0.put("患", x: 0, y: 0, role: .normal)
            $0.put("x", x: 1, y: 0, role: .error)
        }
        #expect(result.text(row: 0) == " x  ")
        #expect(!(result[0, 0].isContinuation))
    }

    @Test("writing over the left half of a wide character blanks its right half")
    func overwriteLeftHalf() {
        let result = grid(4) {
            $0.put("患", x: 1, y: 0, role: .normal)
            $0.put("y", x: 1, y: 0, role: .normal)
        }
        #expect(result.text(row: 0) == " y  ")
        #expect(!(result[2, 0].isContinuation))
    }

    @Test("a wide character written across two others blanks both outer halves")
    func overlappingWide() {
        let result = grid(4) {
            $0.put("患者", x: 0, y: 0, role: .normal)
            $0.put("中", x: 1, y: 0, role: .normal)
        }
        #expect(result.text(row: 0) == " 中 ")
        #expect(result[2, 0].isContinuation)
        #expect(!(result[3, 0].isContinuation))
    }

    @Test("text starting left of the grid is clipped, a cut wide character shows as a space")
    func negativeX() {
        let result = grid(5) { $0.put("患abc", x: -1, y: 0, role: .normal) }
        #expect(result.text(row: 0) == " abc ")
    }

    @Test("writes outside the rows change nothing")
    func outsideRows() {
        var grid = CellGrid(width: 3, height: 1)
        #expect(grid.put("abc", x: 0, y: 1, role: .normal) == 0)
        #expect(grid.put("abc", x: 0, y: -1, role: .normal) == 0)
        #expect(grid.put("abc", x: 3, y: 0, role: .normal) == 3)
        #expect(grid == CellGrid(width: 3, height: 1))
    }

    @Test("escape sequences in text never reach the grid")
    func sanitisesInput() {
        let result = grid(6) { $0.put("\u{1B}[31mK\u{7}", x: 0, y: 0, role: .normal) }
        #expect(result.text(row: 0) == "K␇    ")
    }

    @Test("restyle changes roles but not text, keeping both halves of a cut wide character alike")
    func restyle() {
        var grid = CellGrid(width: 6, height: 1)
        grid.put("ab患", x: 0, y: 0, role: .normal)
        grid.restyle(Rect(x: 0, y: 0, width: 3, height: 1), role: .queueSelected)
        #expect(grid.text(row: 0) == "ab患  ")
        #expect(grid[2, 0].role == .queueSelected)
        #expect(grid[3, 0].role == .queueSelected)
        #expect(grid[4, 0].role == .normal)
    }

    @Test("fill with a wide character falls back to spaces")
    func fillWide() {
        var grid = CellGrid(width: 3, height: 1)
        grid.fill(grid.bounds, role: .dialog, with: "患")
        #expect(grid.text(row: 0) == "   ")
        #expect(grid[0, 0].role == .dialog)
    }

    @Test("a box with a title, a separator and the inside returned")
    func box() {
        var grid = CellGrid(width: 12, height: 4)
        let inside = grid.box(grid.bounds, role: .border, title: "患者")
        grid.separator(across: grid.bounds, y: 2, role: .border)
        #expect(inside == Rect(x: 1, y: 1, width: 10, height: 2))
        #expect(grid.lines == ["┌─ 患者 ───┐", "│          │", "├──────────┤", "└──────────┘"])
        #expect(grid[3, 0].role == .title)
        #expect(grid[0, 0].role == .border)
    }

    @Test("aligned text fills its span", arguments: [
        (Alignment.left, "José    "), (.right, "    José"), (.center, "  José  "),
    ])
    func aligned(alignment: Alignment, expected: String) {
        let result = grid(8) { $0.put("José", x: 0, y: 0, width: 8, role: .normal, alignment: alignment) }
        #expect(result.text(row: 0) == expected)
    }

    @Test("right-aligned wide text that does not fit is cut, not shifted off the span")
    func alignedOverflow() {
        let result = grid(5) { $0.put("患者患者", x: 0, y: 0, width: 5, role: .normal, alignment: .right) }
        #expect(result.text(row: 0) == "患者…")
    }
}

@Suite("Layout")
struct LayoutTests {
    @Test("fixed columns keep their width, flexible ones share the rest by weight")
    func sharing() {
        let spans = ColumnLayout.spans(for: [
            Column(.fixed(2)), Column(.flexible(min: 4, weight: 1)), Column(.flexible(min: 4, weight: 3)),
            Column(.fixed(5), alignment: .right),
        ], x: 1, width: 40)
        #expect(spans.map(\.width) == [2, 9, 21, 5])
        #expect(spans.map(\.x) == [1, 4, 14, 36])
        #expect(spans.last?.alignment == .right)
    }

    @Test("when even the minimums do not fit, the last columns shrink first")
    func shrinking() {
        let spans = ColumnLayout.spans(for: [Column(.fixed(6)), Column(.flexible(min: 10, weight: 1)), Column(.fixed(6))],
                                       width: 16)
        #expect(spans.map(\.width) == [6, 8, 0])
    }

    @Test("a table row is written into its spans and clipped to each")
    func tableRow() {
        var grid = CellGrid(width: 20, height: 1)
        let spans = ColumnLayout.spans(for: [Column(.fixed(8)), Column(.flexible(min: 1, weight: 1)),
                                             Column(.fixed(4), alignment: .right, role: .ageOverdue)], width: 20)
        grid.put(row: ["Müller, Anna", "患者", "0h41"], in: spans, y: 0, role: .queueSelected)
        #expect(grid.text(row: 0) == "Müller,… 患者   0h41")
        #expect(grid[16, 0].role == .ageOverdue)
        #expect(grid[0, 0].role == .queueSelected)
        #expect(grid[8, 0].role == .queueSelected, "the gap between columns")
    }

    @Test("rectangles split, inset, intersect and centre")
    func rectangles() {
        let screen = Rect(GridSize(width: 80, height: 24))
        let (top, rest) = screen.splitTop(1)
        #expect(top == Rect(x: 0, y: 0, width: 80, height: 1))
        let (body, bottom) = rest.splitBottom(2)
        #expect(bottom == Rect(x: 0, y: 22, width: 80, height: 2))
        let (left, main) = body.splitLeft(26)
        #expect(left.width == 26 && main.x == 26 && main.width == 54 && main.height == 21)
        #expect(main.inset(by: 1) == Rect(x: 27, y: 2, width: 52, height: 19))
        #expect(left.intersection(main).isEmpty)
        #expect(screen.centered(GridSize(width: 40, height: 10)) == Rect(x: 20, y: 7, width: 40, height: 10))
        #expect(Rect(x: 0, y: 0, width: 3, height: 3).inset(by: 2).isEmpty)
    }

    @Test("the too-small screen says what size it has and needs")
    func tooSmall() {
        let grid = TooSmallScreen.render(size: GridSize(width: 30, height: 5), minimum: GridSize(width: 80, height: 24))
        #expect(grid.lines[1].contains("Terminal too small"))
        #expect(grid.lines[2].contains("30×5, need 80×24"))
        #expect(grid[10, 1].role == .error)
    }
}
