import CareQueueCore
import Foundation

/// `v`: the messages the listener refused (AE/AR): time, code, sender, control id and reason.
enum ReviewListView {
    static let columns: [(title: String, column: Column)] = [
        ("Received", Column(.fixed(11))),
        ("ACK", Column(.fixed(3))),
        ("Sender", Column(.flexible(min: 8, weight: 2))),
        ("Control id", Column(.flexible(min: 8, weight: 2))),
        ("Reason", Column(.flexible(min: 12, weight: 6))),
    ]

    static func draw(_ state: DashboardState, cursor: Int, layout: DashboardLayout, on grid: inout CellGrid) {
        let inside = grid.box(layout.mainPanel, role: .border, title: "Review list · \(state.reviewItems.count) refused")
        guard inside.height > 0 else { return }
        let spans = ColumnLayout.spans(for: columns.map(\.column), x: inside.x, width: inside.width)
        grid.put(row: columns.map(\.title), in: spans, y: inside.y, role: .queueHeader)
        guard !state.reviewItems.isEmpty else {
            grid.put("Nothing to review: every message was accepted", x: inside.x,
                     y: inside.y + 1 + (inside.height - 1) / 2, width: inside.width, role: .queueEmpty, alignment: .center)
            return
        }
        let rows = Rect(x: inside.x, y: inside.y + 1, width: inside.width, height: max(1, inside.height - 1))
        WindowedList.draw(count: state.reviewItems.count, cursor: cursor, in: rows, on: &grid) { index, y, grid in
            let item = state.reviewItems[index]
            grid.put(row: values(item, state: state), in: spans, y: y, role: item.ackCode == "AR" ? .review : .normal)
        }
    }

    static func values(_ item: ReviewItem, state: DashboardState) -> [String] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = state.settings.timeZone
        let day = calendar.dateComponents([.month, .day], from: item.receivedAt)
        let date = String(format: "%02d-%02d", day.month ?? 0, day.day ?? 0)
        let time = date + " " + TaskText.timeOfDay(item.receivedAt, timeZone: state.settings.timeZone)
        return [time, item.ackCode, item.sender.isEmpty ? item.peer : item.sender, item.controlID ?? "(none)",
                item.reason]
    }
}

/// One refused message as received: a segment per line, control characters shown, scrollable.
enum RawMessageView {
    static func draw(_ state: DashboardState, id: Int64, lines: [String]?, scroll: Int, layout: DashboardLayout,
                     on grid: inout CellGrid) {
        let inside = grid.box(layout.mainPanel, role: .border, title: "Message \(id) as received")
        guard inside.height > 0 else { return }
        guard let lines else {
            grid.put("Reading…", x: inside.x, y: inside.y, width: inside.width, role: .queueEmpty, alignment: .left)
            return
        }
        let end = min(lines.count, scroll + inside.height)
        for (offset, index) in (scroll..<max(scroll, end)).enumerated() {
            grid.put(lines[index], x: inside.x, y: inside.y + offset, width: inside.width, role: .detailValue,
                     alignment: .left)
        }
    }
}
