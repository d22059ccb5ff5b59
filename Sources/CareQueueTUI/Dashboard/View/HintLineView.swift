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
        case .reassignPicker?: return [("type", "narrow"), ("↑↓", "choose"), ("Enter", "next: note"), ("Esc", "cancel")]
        case .reassignNote?: return [("Enter", "reassign"), ("Esc", "back"), ("Backspace", "delete"), ("Ctrl-U", "clear")]
        case .bulkOutcome?: return [("↑↓", "choose"), ("Enter", "next: note"), ("1-4", "pick"), ("Esc", "cancel")]
        case .bulkNote?: return [("Enter", "next: confirm"), ("Esc", "back"), ("Backspace", "delete")]
        case .bulkConfirm?: return [("y", "close them"), ("n", "back"), ("Esc", "back")]
        case nil: break
        }
        if state.filter?.editing == true {
            return [("type", "MRN or name"), ("↑↓", "move"), ("Enter", "keep filter"), ("Esc", "clear")]
        }
        let readOnly = state.settings.readOnly
        switch state.screen {
        case .detail:
            if readOnly { return [("Esc", "back"), ("↑↓", "scroll"), ("?", "help"), ("q", "quit")] }
            return [("Esc", "back"), ("↑↓", "scroll"), ("a", "ack"), ("f", "attempt"), ("c", "close"), ("r", "reassign"),
                    ("?", "help"), ("q", "quit")]
        case .board:
            return [("q", "quit"), ("↑↓", "move"), ("Enter", "open queue"), ("Esc", "queues"), ("/", "find"),
                    ("v", "review"), ("?", "help")]
        case .review:
            return [("q", "quit"), ("↑↓", "move"), ("Enter", "raw message"), ("Esc", "back"), ("b", "board"), ("?", "help")]
        case .rawMessage:
            return [("Esc", "back"), ("↑↓", "scroll"), ("PgDn", "page"), ("q", "quit")]
        case .queue:
            if readOnly {
                return [("q", "quit"), ("↑↓", "move"), ("Tab", "queue"), ("Enter", "detail"), ("b", "board"), ("/", "find"),
                        ("v", "review"), ("?", "help")]
            }
            if !state.tagged.isEmpty {
                return [("c", "close \(state.tagged.count) tagged"), ("Space", "tag"), ("Esc", "untag all"), ("↑↓", "move"),
                        ("q", "quit")]
            }
            return [("q", "quit"), ("↑↓", "move"), ("Enter", "detail"), ("/", "find"), ("b", "board"), ("a", "ack"),
                    ("f", "attempt"), ("c", "close"), ("r", "reassign"), ("Space", "tag"), ("v", "review"), ("Tab", "queue"),
                    ("?", "help")]
        }
    }
}
