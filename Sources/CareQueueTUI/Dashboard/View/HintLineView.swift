/// The bottom line: the keys that work right now.
enum HintLineView {
    static func draw(_ state: DashboardState, in area: Rect, on grid: inout CellGrid) {
        guard area.height > 0 else { return }
        grid.fill(area, role: .hint)
        var x = area.x
        for (key, label) in hints(for: state) {
            let width = ScreenText.width(key) + ScreenText.width(label) + 3
            guard x + width <= area.maxX else { break }
            x = grid.put(" \(key)", x: x, y: area.y, role: .hintKey)
            x = grid.put(" \(label) ", x: x, y: area.y, role: .hint)
        }
    }

    /// The active key table's hints.
    static func hints(for state: DashboardState) -> [(String, String)] {
        KeyTables.active(for: state).hints(for: state)
    }
}
