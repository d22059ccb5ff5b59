import CareQueueCore
import Foundation

/// The escalation ticker: the latest escalations and the EHR's refusals one after another, moving
/// on one entry every few seconds when they do not all fit.
enum TickerView {
    /// Clock ticks an entry stays at the front.
    static let ticksPerEntry = 3
    static let separator = "  ◆  "

    static func draw(_ state: DashboardState, in area: Rect, on grid: inout CellGrid) {
        guard area.height > 0 else { return }
        grid.fill(area, role: .ticker)
        var line = Segments()
        line.add(" ▲ ", .tickerCritical)
        // The silent-feed warning leads the ticker while it lasts.
        if let silence = state.feedSilenceText {
            line.add(silence, .tickerCritical)
            line.add(separator, .ticker)
        }
        if state.settings.kiosk {
            // The ticker names patients; the kiosk wall shows only how many tasks are escalated.
            let escalated = Board.escalated(state.board)
            line.add(escalated == 0 ? "No open escalated tasks" : "\(escalated) open task\(escalated == 1 ? "" : "s") escalated",
                     escalated == 0 ? .ticker : .tickerCritical)
            line.draw(on: &grid, x: area.x, y: area.y, limit: area.maxX)
            return
        }
        // So does an EHR that stopped answering: closures are piling up unsent.
        if let unreachable = TickerEntries.unreachableText(state.overview.outbox, at: state.now) {
            line.add(unreachable, .review)
            line.add(separator, .ticker)
        }
        let items = TickerEntries.entries(state)
        guard !items.isEmpty else {
            line.add("No escalations", .ticker)
            line.draw(on: &grid, x: area.x, y: area.y, limit: area.maxX)
            return
        }
        let total = items.reduce(0) { $0 + ScreenText.width($1.text) } + ScreenText.width(separator) * (items.count - 1)
        let start = line.width + total <= area.width ? 0 : (state.tickerStep / ticksPerEntry) % items.count
        // Enough entries, wrapping around, to fill the line.
        for step in 0..<items.count {
            let index = (start + step) % items.count
            if step > 0 { line.add(separator, .ticker) }
            line.add(items[index].text, items[index].role)
            if line.width >= area.width { break }
        }
        line.draw(on: &grid, x: area.x, y: area.y, limit: area.maxX)
    }

    /// "14:32 L1 → care coordinators: Potassium · Müller, Anna · Dr Chen · critical not acted on within 30 min"
    static func text(_ item: TickerItem, state: DashboardState) -> String {
        let time = TaskText.timeOfDay(item.at, sameDayAs: state.now, timeZone: state.settings.timeZone)
        let text = "\(time) L\(item.level) → \(item.target): \(item.test) · \(item.patient) · \(item.queueName)"
        return item.reason.isEmpty ? text : "\(text) · \(item.reason)"
    }
}
