/// The `?` overlay: every key the dashboard answers to.
enum HelpView {
    /// Every screen's help lines, from the key tables.
    static var keys: [(String, String)] { KeyTables.helpLines.map { ($0.keys, $0.text) } }

    static let legend: [String] = [
        "Urgency: !! CRIT, !  ABN,    RTN.  Age: since receipt.  Due: time left (-12m late).",
        "Escalation: L1 care coordinators, L2 supervisor or charge nurse, and when.",
        "Row colours by age against the window: fresh, half-way, due soon, overdue, escalated.",
        "⌛ orders and referrals awaiting their result; 12! means some are late (past expected).",
    ]

    /// The overlay's lines: every key, a blank line, the legend.
    private static var lines: [(key: String, text: String)] {
        keys.map { (key: $0.0, text: $0.1) } + [(key: "", text: "")] + legend.map { (key: "", text: $0) }
    }

    /// The frame's height on a terminal of `size`: everything when it fits, else the whole height.
    private static func frameHeight(size: GridSize) -> Int { min(lines.count + 4, max(5, size.height - 2)) }

    /// How many lines show at once.
    static func shownLines(size: GridSize) -> Int { frameHeight(size: size) - 4 }

    /// The furthest the overlay scrolls: 0 when everything fits.
    static func maxScroll(size: GridSize) -> Int { max(0, lines.count - shownLines(size: size)) }

    static func draw(scroll: Int, on grid: inout CellGrid) {
        let width = min(92, grid.width - 4)
        let size = GridSize(width: grid.width, height: grid.height)
        let first = max(0, min(scroll, maxScroll(size: size)))
        let shown = shownLines(size: size)
        let more = first + shown < lines.count
        let title = first > 0 || more ? "Keys · \(first + 1)–\(min(lines.count, first + shown)) of \(lines.count) · ↑↓ scroll" : "Keys"
        let inside = DialogView.frame(GridSize(width: width, height: frameHeight(size: size)), title: title, on: &grid)
        for (offset, line) in lines.dropFirst(first).prefix(shown).enumerated() {
            let y = inside.y + 1 + offset
            if line.key.isEmpty {
                grid.put("  " + line.text, x: inside.x, y: y, width: inside.width, role: .help, alignment: .left)
            } else {
                grid.put("  " + line.key, x: inside.x, y: y, width: 14, role: .helpKey, alignment: .left)
                grid.put(line.text, x: inside.x + 14, y: y, width: inside.width - 14, role: .help, alignment: .left)
            }
        }
    }
}
