import CareQueueCore
import Foundation

/// `b`: the charge-nurse board over the whole body, to be read across the room: four totals in
/// large digits (and today's critical share), one line per queue with the tiers side by side, the
/// riskiest first, paged when they do not fit, and the shift's trend at the bottom.
enum BoardView {
    /// The count columns' titles, long and short: the short ones when six-digit counts would not
    /// leave the queue's name its minimum on a narrow screen.
    static let countTitles: [(long: String, short: String)] = [
        ("Critical", "Crit"), ("not ack", "unack"), ("late", "late"), ("Abnormal", "Abn"), ("late", "late"),
        ("Routine", "Rout"), ("late", "late"), ("Lvl 2", "L2"), ("≤15m", "≤15m"),
    ]
    static let nameMinimum = 12

    /// The queue column and one count column per title, each as wide as its title or the widest
    /// count on the board (a count is never cut; the name gives way).
    static func columns(width: Int, rows: [BoardQueueRow]) -> (titles: [String], columns: [Column]) {
        let widest = rows.flatMap(values).map { String($0).count }.max() ?? 1
        for long in [true, false] {
            let titles = countTitles.map { long ? $0.long : $0.short }
            let widths = titles.map { max(ScreenText.width($0), widest, 5) }
            if !long || nameMinimum + widths.reduce(0, +) + widths.count <= width {
                return (["Queue"] + titles,
                        [Column(.flexible(min: nameMinimum, weight: 1))] + widths.map { Column(.fixed($0), alignment: .right) })
            }
        }
        return ([], [])
    }

    /// A queue's counts in column order.
    static func values(_ row: BoardQueueRow) -> [Int] {
        [row.critical.open, row.critical.waiting, row.critical.overdue, row.abnormal.open, row.abnormal.overdue,
         row.routine.open, row.routine.overdue, row.sum(\.levelTwo), row.sum(\.dueSoon)]
    }

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
        let table = columns(width: area.width, rows: state.board)
        let spans = ColumnLayout.spans(for: table.columns, x: area.x, width: area.width)
        grid.put(row: table.titles, in: spans, y: area.y, role: .boardHeader)
        guard !state.board.isEmpty else {
            grid.put("No open tasks in any queue", x: area.x, y: area.y + 1 + (area.height - 1) / 2,
                     width: area.width, role: .queueEmpty, alignment: .center)
            return
        }
        let first = page * layout.rowsPerPage
        for (line, index) in (first..<min(state.board.count, first + layout.rowsPerPage)).enumerated() {
            let y = area.y + 1 + line
            let row = state.board[index]
            grid.put(row: [row.name] + values(row).map(String.init), in: spans, y: y, role: .board)
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
