/// The `?` overlay: every key the dashboard answers to.
enum HelpView {
    /// Every screen's help lines, from the key tables.
    static var keys: [(String, String)] { KeyTables.helpLines.map { ($0.keys, $0.text) } }

    static let legend: [String] = [
        "Urgency: !! CRIT, !  ABN,    RTN.  Age: since receipt.  Due: time left (-12m late).",
        "Escalation: L1 care coordinators, L2 supervisor or charge nurse, and when.",
        "Row colours by age against the window: fresh, half-way, due soon, overdue, escalated.",
    ]

    static func draw(on grid: inout CellGrid) {
        let width = min(92, grid.width - 4)
        let keys = keys
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
