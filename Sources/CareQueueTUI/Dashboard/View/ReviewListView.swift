import CareQueueCore
import Foundation

/// `v`: the messages the listener refused (AE/AR) and those acknowledged without their tasks: time,
/// code, sender, control id and reason; under the list, the selected message whole — its reason
/// wrapped, not cut — and its clock (`[windows] review`).
enum ReviewListView {
    static let columns: [(title: String, column: Column)] = [
        ("Received", Column(.fixed(11))),
        // ▲: escalated to the coordinators for sitting open past `[windows] review` (the pane below says when).
        ("", Column(.fixed(1))),
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
        // The selected message's lines take at most half the panel, under a rule; the list keeps the rest.
        let selected = state.reviewItems.indices.contains(cursor)
            ? detailLines(state.reviewItems[cursor], state: state, width: inside.width) : []
        let detailHeight = min(selected.count + 1, max(0, (inside.height - 1) / 2))
        let rows = Rect(x: inside.x, y: inside.y + 1, width: inside.width, height: max(1, inside.height - 1 - detailHeight))
        WindowedList.draw(count: state.reviewItems.count, cursor: cursor, in: rows, on: &grid) { index, y, grid in
            let item = state.reviewItems[index]
            grid.put(row: values(item, state: state), in: spans, y: y, role: item.ackCode == "AR" ? .review : .normal)
        }
        guard detailHeight > 1 else { return }
        let ruleY = rows.y + rows.height
        grid.put(String(repeating: "─", count: inside.width), x: inside.x, y: ruleY, width: inside.width, role: .border,
                 alignment: .left)
        for (offset, line) in selected.prefix(detailHeight - 1).enumerated() {
            grid.put(line, x: inside.x, y: ruleY + 1 + offset, width: inside.width, role: .detailValue, alignment: .left)
        }
    }

    static func values(_ item: ReviewItem, state: DashboardState) -> [String] {
        [dayAndTime(item.receivedAt, state: state), item.escalatedAt == nil ? "" : "▲",
         item.ackCode, item.sender.isEmpty ? item.peer : item.sender, item.controlID ?? "(none)", item.reason]
    }

    /// The selected message: what and from whom, its reason whole (wrapped at spaces), and its clock.
    static func detailLines(_ item: ReviewItem, state: DashboardState, width: Int) -> [String] {
        let code = item.ackCode + (item.errorCode.map { " \($0)" } ?? "") + (item.location.isEmpty ? "" : " at \(item.location)")
        let sender = item.sender.isEmpty ? item.peer : "\(item.sender) (\(item.peer))"
        let head = "Message \(item.id) · \(code) · from \(sender) · control id \(item.controlID ?? "(none)")"
        var lines = TextWrap.lines(ScreenText.sanitize(head), width: width)
        lines += labelled("Reason", ScreenText.sanitize(item.reason), width: width)
        lines += labelled("Clock", clock(item, state: state), width: width)
        return lines
    }

    /// When the coordinators were (or will be) told, `[windows] review` after its arrival.
    static func clock(_ item: ReviewItem, state: DashboardState) -> String {
        let window = state.settings.windows.review
        if let escalated = item.escalatedAt {
            return "open past \(AgeText.short(window)): escalated to the \(ReviewClock.target) \(dayAndTime(escalated, state: state))"
        }
        let due = ReviewClock.dueAt(receivedAt: item.receivedAt, window: window)
        // The wall changes nothing: it is not told which keys would.
        return "escalates to the \(ReviewClock.target) \(dayAndTime(due, state: state)) if still open"
            + (state.settings.readOnly ? "" : " (r resolve, p replay)")
    }

    /// "Reason  …" with continuations under the value.
    private static func labelled(_ label: String, _ value: String, width: Int) -> [String] {
        let labelWidth = 8
        return TextWrap.lines(value, width: max(1, width - labelWidth)).enumerated().map { index, piece in
            (index == 0 ? label : "").padding(toLength: labelWidth, withPad: " ", startingAt: 0) + piece
        }
    }

    /// "03-01 11:00" in the dashboard's time zone.
    private static func dayAndTime(_ date: Date, state: DashboardState) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = state.settings.timeZone
        let day = calendar.dateComponents([.month, .day], from: date)
        return String(format: "%02d-%02d", day.month ?? 0, day.day ?? 0) + " "
            + TaskText.timeOfDay(date, timeZone: state.settings.timeZone)
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
        let shown = wrapped(lines, width: inside.width)
        let end = min(shown.count, scroll + inside.height)
        for (offset, index) in (scroll..<max(scroll, end)).enumerated() {
            grid.put(shown[index], x: inside.x, y: inside.y + offset, width: inside.width, role: .detailValue,
                     alignment: .left)
        }
    }

    /// The raw lines as shown in `width` cells: a long segment continues on indented lines, cut at
    /// the width (a space is data in HL7), nothing dropped.
    static func wrapped(_ lines: [String], width: Int) -> [String] {
        guard width > 0 else { return lines }
        return lines.flatMap { TextWrap.cut($0, width: width, continuation: "    ") }
    }
}
