import CareQueueCore
import Foundation

/// `b`: the charge-nurse board over the whole body: every queue × tier with open, overdue,
/// escalated and due-soon counts, Unassigned on top, then the most overdue.
enum BoardView {
    static let columns: [(title: String, column: Column)] = [
        ("Provider", Column(.flexible(min: 12, weight: 4))),
        ("Tier", Column(.fixed(8))),
        ("Open", Column(.fixed(6), alignment: .right)),
        ("Overdue", Column(.fixed(8), alignment: .right)),
        ("Escalated", Column(.fixed(10), alignment: .right)),
        ("Due ≤15m", Column(.fixed(9), alignment: .right)),
    ]

    /// The providers panel and the main panel together.
    static func area(_ layout: DashboardLayout) -> Rect {
        Rect(x: layout.providerPanel.x, y: layout.providerPanel.y,
             width: layout.providerPanel.width + layout.mainPanel.width, height: layout.providerPanel.height)
    }

    static func draw(_ state: DashboardState, cursor: Int, layout: DashboardLayout, on grid: inout CellGrid) {
        let overdue = state.board.reduce(0) { $0 + $1.overdue }
        var title = "Board · \(state.board.reduce(0) { $0 + $1.open }) open · \(overdue) overdue"
        if state.settings.kiosk { title += " · kiosk" } else if state.settings.readOnly { title += " · read-only" }
        let inside = grid.box(area(layout), role: .border, title: title)
        guard inside.height > 0 else { return }
        let spans = ColumnLayout.spans(for: columns.map(\.column), x: inside.x, width: inside.width)
        grid.put(row: columns.map(\.title), in: spans, y: inside.y, role: .boardHeader)
        guard !state.board.isEmpty else {
            grid.put("No open tasks in any queue", x: inside.x, y: inside.y + 1 + (inside.height - 1) / 2,
                     width: inside.width, role: .queueEmpty, alignment: .center)
            return
        }
        let rows = Rect(x: inside.x, y: inside.y + 1, width: inside.width, height: max(1, inside.height - 1))
        // The kiosk has no cursor to move: no row is highlighted as if it could be opened.
        WindowedList.draw(count: state.board.count, cursor: state.settings.kiosk ? -1 : cursor, in: rows, on: &grid) { index, y, grid in
            let row = state.board[index]
            let values = [row.name, row.urgency.rawValue, "\(row.open)",
                          "\(row.overdue)", "\(row.escalated)", "\(row.dueSoon)"]
            grid.put(row: values, in: spans, y: y, role: row.overdue > 0 ? .boardOverdue : .board)
            // The selected row is restyled whole afterwards; the others show their tier's colour.
            let tier = spans[1]
            grid.restyle(Rect(x: tier.x, y: y, width: tier.width, height: 1), role: TaskText.urgencyRole(row.urgency))
        }
    }
}
