/// The `?` overlay: every key the dashboard answers to.
enum HelpView {
    static let keys: [(String, String)] = [
        ("↑ ↓  j k", "move in the queue (PgUp PgDn, Home End, g G)"),
        ("Tab  h l", "next / previous queue (Shift-Tab, ← →)"),
        ("Enter", "the task's detail: observations, clocks, routing"),
        ("a", "acknowledge the task (stops a critical or abnormal clock)"),
        ("f", "record a failed call attempt (outcome picker)"),
        ("c", "close the task: outcome, then a note (required)"),
        ("r", "reassign: pick a provider (type to narrow), then a note"),
        ("Space", "tag a row; c then closes the tagged routine normal tasks"),
        ("/", "find a patient by MRN or name in every queue (Esc clears)"),
        ("b", "charge-nurse board: queue × tier, overdue first"),
        ("v", "review list: refused messages (AE/AR); Enter shows one raw"),
        ("Esc", "back out of a dialog, the detail or this help"),
        ("Ctrl-L", "redraw the screen"),
        ("?", "this help"),
        ("q  Ctrl-C", "quit"),
    ]

    static let legend: [String] = [
        "Urgency: !! CRIT, !  ABN,    RTN.  Age: since receipt.  Due: time left (-12m late).",
        "Escalation: L1 care coordinators, L2 supervisor or charge nurse, and when.",
        "Row colours by age against the window: fresh, half-way, due soon, overdue, escalated.",
    ]

    static func draw(on grid: inout CellGrid) {
        let width = min(92, grid.width - 4)
        let inside = DialogView.frame(GridSize(width: width, height: keys.count + legend.count + 5), title: "Keys",
                                      on: &grid)
        for (index, entry) in keys.enumerated() {
            let y = inside.y + 1 + index
            grid.put("  " + entry.0, x: inside.x, y: y, width: 14, role: .helpKey, alignment: .left)
            grid.put(entry.1, x: inside.x + 14, y: y, width: inside.width - 14, role: .help, alignment: .left)
        }
        for (index, line) in legend.enumerated() {
            grid.put("  " + line, x: inside.x, y: inside.y + keys.count + 2 + index, width: inside.width,
                     role: .help, alignment: .left)
        }
    }
}
