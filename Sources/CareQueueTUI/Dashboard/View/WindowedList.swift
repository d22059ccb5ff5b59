/// A list taller than its area, drawn as the window of rows that keeps the cursor in view: the board's
/// and the review list's rows.
enum WindowedList {
    /// The first row shown: the top until the cursor passes the window, then the cursor on its last line.
    static func firstRow(cursor: Int, count: Int, visible: Int) -> Int {
        max(0, min(cursor - visible + 1, count - visible))
    }

    /// Draws rows of a `count`-row list into `area`, one a line, by `row(index, y)`; the cursor's row
    /// is then restyled as selected across the whole width.
    static func draw(count: Int, cursor: Int, in area: Rect, on grid: inout CellGrid,
                     row: (_ index: Int, _ y: Int, _ grid: inout CellGrid) -> Void) {
        let first = firstRow(cursor: cursor, count: count, visible: area.height)
        for (line, index) in (first..<min(count, first + area.height)).enumerated() {
            let y = area.y + line
            row(index, y, &grid)
            if index == cursor {
                grid.restyle(Rect(x: area.x, y: y, width: area.width, height: 1), role: .queueSelected)
            }
        }
    }
}
