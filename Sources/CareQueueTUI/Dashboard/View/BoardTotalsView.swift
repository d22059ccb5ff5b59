import CareQueueCore
import Foundation

/// The board's band of totals: critical not yet acknowledged, overdue, due within 15 min, at level
/// 2, and today's share of criticals acknowledged in time — each a large number over its label.
/// News (a new critical, a level-2 escalation) flashes the band and takes the label line.
enum BoardTotalsView {
    static func draw(_ state: DashboardState, layout: BoardLayout, on grid: inout CellGrid) {
        let area = layout.totals
        guard area.height > 0, area.width > 0 else { return }
        let lit = BoardAlerts.isLit(state)
        if lit { grid.fill(area, role: .boardAlert) }
        let totals = BoardTotals(state.board)
        let share = state.boardFigures?.criticalShare.map { "\(Int(($0 * 100).rounded()))%" } ?? "-"
        let window = AgeText.short(state.settings.windows.critical)
        // Each label long where it fits, short on a narrow screen.
        let cells: [(value: String, label: [String], urgent: Bool)] = [
            ("\(totals.criticalWaiting)", ["criticals not acked", "crit. unacked"], totals.criticalWaiting > 0),
            ("\(totals.overdue)", ["overdue"], totals.overdue > 0),
            ("\(totals.dueSoon)", ["due within 15 min", "due ≤15 min"], false),
            ("\(totals.levelTwo)", ["at level 2"], totals.levelTwo > 0),
            (share, ["today's criticals acked ≤\(window)", "acked ≤\(window)"], false),
        ]
        let width = area.width / cells.count
        let digitRows = max(1, area.height - 1)
        for (index, cell) in cells.enumerated() {
            let x = area.x + index * width
            let role: StyleRole = lit ? .boardAlert : cell.urgent ? .boardOverdue : .boardTotal
            let lines = BigDigits.fitted(cell.value, height: min(layout.digitHeight, digitRows), width: width - 1)
            let top = area.y + (digitRows - lines.count)
            for (row, text) in lines.enumerated() {
                grid.put(text, x: x, y: top + row, width: width - 1, role: role, alignment: .center)
            }
            if area.height > 1, !lit || state.alert == nil {
                let label = cell.label.first { ScreenText.width($0) <= width - 1 } ?? cell.label[cell.label.count - 1]
                grid.put(label, x: x, y: area.maxY - 1, width: width - 1, role: lit ? .boardAlert : .board,
                         alignment: .center)
            }
        }
        // The news takes the label line while it flashes (and stays there, unlit, until it ends).
        if let alert = state.alert, state.now < alert.until, area.height > 1 {
            grid.put("▲ " + alert.text, x: area.x, y: area.maxY - 1, width: area.width, role: .boardAlert, alignment: .center)
        }
    }
}
