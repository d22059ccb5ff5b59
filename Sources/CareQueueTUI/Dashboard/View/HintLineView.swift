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

    static func hints(for state: DashboardState) -> [(String, String)] {
        if state.showsHelp { return [("Esc", "close help"), ("q", "quit")] }
        switch state.dialog {
        case .attemptOutcome?: return [("↑↓", "choose"), ("Enter", "record attempt"), ("1-3", "pick"), ("Esc", "cancel")]
        case .closeOutcome?: return [("↑↓", "choose"), ("Enter", "next: note"), ("1-3", "pick"), ("Esc", "cancel")]
        case .closeNote?: return [("Enter", "close task"), ("Esc", "back"), ("Backspace", "delete"), ("Ctrl-U", "clear")]
        case nil: break
        }
        if case .detail = state.screen {
            return [("Esc", "back"), ("↑↓", "scroll"), ("a", "ack"), ("f", "attempt"), ("c", "close"), ("?", "help"), ("q", "quit")]
        }
        return [("q", "quit"), ("↑↓", "move"), ("Tab", "queue"), ("Enter", "detail"), ("a", "ack"), ("f", "attempt"),
                ("c", "close"), ("?", "help")]
    }
}
