import CareQueueCore
import Foundation

/// The line above the ticker: the last message, else the selected task's facts in words (what a
/// narrow screen leaves out of the row: age, escalation and what comes next, coverage, attempts).
enum StatusLineView {
    static func draw(_ state: DashboardState, in area: Rect, on grid: inout CellGrid) {
        guard area.height > 0 else { return }
        // What `u` would undo stays in view beside a neutral message, and on its own after one.
        let undo = state.undo.offer?.hint(at: state.now)
        if let message = state.message {
            let text = message.isError ? message.text : [message.text, undo].compactMap { $0 }.joined(separator: " · ")
            grid.put(" " + text, x: area.x, y: area.y, width: area.width,
                     role: message.isError ? .error : .message, alignment: .left)
            return
        }
        if let undo, state.filter?.editing != true {
            grid.put(" " + undo, x: area.x, y: area.y, width: area.width, role: .message, alignment: .left)
            return
        }
        if let filter = state.filter, filter.editing || filter.isActive {
            let page = state.page
            let count = filter.isActive ? " · " + TaskText.matches(page, includingClosed: filter.includesClosed) : ""
            let cursor = filter.editing ? "█" : ""
            grid.put(" Find (MRN, name or test): \(filter.text)\(cursor)\(count)", x: area.x, y: area.y, width: area.width,
                     role: .message, alignment: .left)
            return
        }
        let task: TaskListItem?
        switch state.screen {
        case .queue: task = state.selectedTask
        case .detail(_, let detail, _): task = detail?.task
        case .awaiting:
            if let item = state.awaiting?.selected {
                grid.put(" " + AwaitingText.summary(item, state: state), x: area.x, y: area.y, width: area.width,
                         role: .hint, alignment: .left)
                return
            }
            task = nil
        case .board, .review, .rawMessage: task = nil
        }
        guard let task else {
            grid.fill(area, role: .hint)
            return
        }
        grid.put(" " + summary(task, state: state), x: area.x, y: area.y, width: area.width, role: .hint, alignment: .left)
    }

    /// "#42 received 14:05, 41m ago · due 14:35 · level 1, level 2 in 19 min · covering for Dr Ortiz · 2 attempts"
    static func summary(_ task: TaskListItem, state: DashboardState) -> String {
        let windows = state.settings.windows
        var parts = ["#\(task.id) \(task.status.rawValue)",
                     "received \(TaskText.timeOfDay(task.receivedAt, timeZone: state.settings.timeZone)), \(TaskText.age(task, at: state.now)) ago"]
        if let dueAt = task.dueAt {
            parts.append("due \(TaskText.timeOfDay(dueAt, timeZone: state.settings.timeZone)) (\(TaskText.due(task, at: state.now)))")
        }
        let next = EscalationPolicy.nextStep(for: TaskText.escalationSubject(task, windows: windows), at: state.now, windows: windows)
        parts.append("level \(task.escalationLevel), \(next)")
        if let covering = task.coveringForNPI { parts.append("covering for \(state.providerName(covering))") }
        if task.attempts > 0 { parts.append("\(task.attempts) attempt\(task.attempts == 1 ? "" : "s")") }
        return parts.joined(separator: " · ")
    }
}
