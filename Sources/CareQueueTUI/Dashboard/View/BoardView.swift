import CareQueueCore
import Foundation

/// `b`: the charge-nurse board over the whole body, to be read across the room: four totals in
/// large digits (and today's critical share), one line per queue with the tiers side by side, the
/// riskiest first, paged when they do not fit, and the shift's trend at the bottom.
enum BoardView {
    static let columns: [(title: String, column: Column)] = [
        ("Queue", Column(.flexible(min: 12, weight: 4))),
        ("Critical", Column(.fixed(8), alignment: .right)),
        ("not ack", Column(.fixed(7), alignment: .right)),
        ("late", Column(.fixed(5), alignment: .right)),
        ("Abnormal", Column(.fixed(8), alignment: .right)),
        ("late", Column(.fixed(5), alignment: .right)),
        ("Routine", Column(.fixed(7), alignment: .right)),
        ("late", Column(.fixed(5), alignment: .right)),
        ("Lvl 2", Column(.fixed(5), alignment: .right)),
        ("≤15m", Column(.fixed(5), alignment: .right)),
    ]

    static func draw(_ state: DashboardState, cursor: Int, layout dashboard: DashboardLayout, on grid: inout CellGrid) {
        let layout = BoardLayout(size: state.size)
        let frame = layout.inside.inset(by: -1)
        let pages = layout.pages(state.board.count)
        let page = BoardPaging.page(state)
        var title = "Board · \(state.board.count) queue\(state.board.count == 1 ? "" : "s")"
        if pages > 1 { title += " · page \(page + 1)/\(pages)" }
        if state.settings.kiosk { title += " · kiosk" } else if state.settings.readOnly { title += " · read-only" }
        grid.box(frame, role: .border, title: title)
        BoardTotalsView.draw(state, layout: layout, on: &grid)
        drawTable(state, cursor: cursor, page: page, layout: layout, on: &grid)
        drawTrend(state.boardFigures, in: layout.trend, on: &grid)
    }

    private static func drawTable(_ state: DashboardState, cursor: Int, page: Int, layout: BoardLayout,
                                  on grid: inout CellGrid) {
        let area = layout.table
        guard area.height > 0 else { return }
        let spans = ColumnLayout.spans(for: columns.map(\.column), x: area.x, width: area.width)
        grid.put(row: columns.map(\.title), in: spans, y: area.y, role: .boardHeader)
        guard !state.board.isEmpty else {
            grid.put("No open tasks in any queue", x: area.x, y: area.y + 1 + (area.height - 1) / 2,
                     width: area.width, role: .queueEmpty, alignment: .center)
            return
        }
        let first = page * layout.rowsPerPage
        for (line, index) in (first..<min(state.board.count, first + layout.rowsPerPage)).enumerated() {
            let y = area.y + 1 + line
            let row = state.board[index]
            let values = [row.name, "\(row.critical.open)", "\(row.critical.waiting)", "\(row.critical.overdue)",
                          "\(row.abnormal.open)", "\(row.abnormal.overdue)", "\(row.routine.open)",
                          "\(row.routine.overdue)", "\(row.sum(\.levelTwo))", "\(row.sum(\.dueSoon))"]
            grid.put(row: values, in: spans, y: y, role: .board)
            // Colour follows the numbers that need someone; the numbers say it without colour too.
            for (column, count, role) in [(1, row.critical.open, TaskText.urgencyRole(.critical)),
                                          (2, row.critical.waiting, StyleRole.boardOverdue),
                                          (3, row.critical.overdue, .boardOverdue), (5, row.abnormal.overdue, .boardOverdue),
                                          (7, row.routine.overdue, .boardOverdue), (8, row.sum(\.levelTwo), .boardOverdue)]
                where count > 0 {
                grid.restyle(Rect(x: spans[column].x, y: y, width: spans[column].width, height: 1), role: role)
            }
            // The kiosk has no cursor to move: no row is highlighted as if it could be opened.
            if index == cursor, !state.settings.kiosk {
                grid.restyle(Rect(x: area.x, y: y, width: area.width, height: 1), role: .queueSelected)
            }
        }
    }

    /// "Received/h ▂▃▅█▇▅▃▂▂▃▄▅  last 12 h · this hour 14 · peak 31", and the same for closures.
    private static func drawTrend(_ figures: BoardFigures?, in area: Rect, on grid: inout CellGrid) {
        guard area.height >= 2 else { return }
        let series = [("Received/h", figures?.receivedPerHour ?? []), ("Closed/h", figures?.closedPerHour ?? [])]
        for (line, (name, values)) in series.enumerated() {
            let y = area.y + line
            var x = grid.put(name.padding(toLength: 11, withPad: " ", startingAt: 0), x: area.x, y: y, role: .boardHeader)
            guard !values.isEmpty else {
                grid.put("reading…", x: x, y: y, role: .queueEmpty)
                continue
            }
            x = grid.put(Sparkline.text(values), x: x, y: y, role: .boardTotal)
            let summary = "  last \(values.count) h · this hour \(values.last ?? 0) · peak \(values.max() ?? 0)"
            grid.put(summary, x: x, y: y, role: .board, maxWidth: area.maxX - x)
        }
    }
}
