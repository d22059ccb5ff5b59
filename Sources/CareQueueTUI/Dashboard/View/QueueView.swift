import CareQueueCore
import Foundation

/// The main panel: the selected queue, most urgent first, one task per row.
enum QueueView {
    /// A column of the queue table; when the panel is narrow, those with the highest `dropOrder`
    /// go first (the status line still tells the selected task's whole story).
    struct QueueColumn {
        var field: Field
        var title: String
        var column: Column
        var dropOrder: Int
        var minimum: Int {
            switch column.width {
            case .fixed(let cells): return cells
            case .flexible(let minimum, _): return minimum
            }
        }
    }

    enum Field: CaseIterable {
        case tag, urgency, patient, claim, callback, mrn, queue, test, value, age, due, signoff, escalation, phone, covering
    }

    /// The phone number is a column from this terminal width on.
    static let phoneFromWidth = 120

    static let allColumns: [QueueColumn] = [
        QueueColumn(field: .tag, title: "", column: Column(.fixed(1)), dropOrder: -1),
        QueueColumn(field: .urgency, title: "Urgency", column: Column(.fixed(7)), dropOrder: 0),
        QueueColumn(field: .patient, title: "Patient", column: Column(.flexible(min: 10, weight: 16)), dropOrder: 1),
        // Someone else working on a row matters more than its queue or phone number.
        QueueColumn(field: .claim, title: "Claimed", column: Column(.flexible(min: 9, weight: 1)), dropOrder: 4),
        // "↻ 08:00 Mon": when the coordinator calls back, or "↻ due".
        QueueColumn(field: .callback, title: "Callback", column: Column(.fixed(11)), dropOrder: 4),
        QueueColumn(field: .mrn, title: "MRN", column: Column(.flexible(min: 8, weight: 1)), dropOrder: 6),
        QueueColumn(field: .queue, title: "Queue", column: Column(.flexible(min: 8, weight: 2)), dropOrder: 4),
        // The test goes before Age and Due: the value names the observation that matters.
        QueueColumn(field: .test, title: "Test", column: Column(.flexible(min: 8, weight: 3)), dropOrder: 7),
        QueueColumn(field: .value, title: "Value", column: Column(.flexible(min: 10, weight: 6)), dropOrder: 3),
        QueueColumn(field: .age, title: "Age", column: Column(.fixed(5), alignment: .right), dropOrder: 2),
        QueueColumn(field: .due, title: "Due", column: Column(.fixed(6), alignment: .right), dropOrder: 2),
        // "✎ unsigned" / "✓ signed": whether the provider released the result for patient contact.
        QueueColumn(field: .signoff, title: "Sign-off", column: Column(.fixed(10)), dropOrder: 3),
        QueueColumn(field: .escalation, title: "Escalation", column: Column(.flexible(min: 15, weight: 2)), dropOrder: 8),
        QueueColumn(field: .phone, title: "Phone", column: Column(.flexible(min: 14, weight: 2)), dropOrder: 5),
        QueueColumn(field: .covering, title: "Covering", column: Column(.flexible(min: 10, weight: 2)), dropOrder: 9),
    ]

    /// The columns that fit in `width` (gaps of one cell), in display order; "Covering" only when
    /// a row on screen came through coverage, "Queue" only when rows come from several queues,
    /// "Phone" only on a wide terminal, the tag mark only when rows are tagged, "Claimed" only when
    /// someone else is working on a row on screen, "Callback" only when a row on screen has one,
    /// "Sign-off" only when a row on screen waits for or has a provider's sign-off.
    static func columns(fitting width: Int, covering: Bool, filtering: Bool = false, tagging: Bool = false,
                        phone: Bool = false, claimed: Bool = false, callbacks: Bool = false,
                        signoff: Bool = false) -> [QueueColumn] {
        let shown = allColumns.filter { column in
            switch column.field {
            case .signoff: return signoff
            case .claim: return claimed
            case .callback: return callbacks
            case .covering: return covering
            case .queue: return filtering
            case .phone: return phone
            case .tag: return tagging
            default: return true
            }
        }
        // Room for a named value ("Glucose 559 HH") is taken from the test, never from another column.
        let narrow = fitted(shown, width: width)
        let wide = fitted(shown.map { column in
            guard column.field == .value else { return column }
            var wider = column
            wider.column.width = .flexible(min: namedValueWidth, weight: 6)
            return wider
        }, width: width)
        let lost = Set(narrow.map(\.field)).subtracting(wide.map(\.field))
        return lost.isSubset(of: [.test]) ? wide : narrow
    }

    /// The value column's width when it can name the observation.
    static let namedValueWidth = 16

    /// `columns`, dropping the highest `dropOrder` first until they fit in `width`.
    private static func fitted(_ columns: [QueueColumn], width: Int) -> [QueueColumn] {
        var kept = columns
        while kept.count > 1, kept.reduce(0, { $0 + $1.minimum }) + kept.count - 1 > width {
            let drop = kept.indices.max { kept[$0].dropOrder < kept[$1].dropOrder }!
            kept.remove(at: drop)
        }
        return kept
    }

    static func draw(_ state: DashboardState, layout: DashboardLayout, on grid: inout CellGrid) {
        let summary = state.selectedSummary
        let filtering = state.filter?.isActive == true
        var title = "\(summary?.name ?? state.selectedQueue.description) · \(state.page.total) open"
        if let overdue = summary?.overdue, overdue > 0 { title += " · \(overdue) overdue" }
        if let awaiting = summary.flatMap({ AwaitingText.badge([$0]) }) { title += " · " + awaiting }
        if let worklist = state.shownWorklist { title = WorklistView.title(worklist, state: state) }
        if let filter = state.filter, filtering {
            title = "Find \"\(filter.text)\" in all queues · " + TaskText.matches(state.page, includingClosed: filter.includesClosed)
        }
        if !state.tagged.isEmpty { title += " · \(state.tagged.count) tagged" }
        let inside = grid.box(layout.mainPanel, role: .border, title: title)
        guard inside.height > 0 else { return }
        let shown = (0..<layout.queueRowCount).compactMap { state.page.row(at: state.scroll + $0) }
        let columns = columns(fitting: inside.width, covering: shown.contains { $0.coveringForNPI != nil },
                              filtering: filtering || state.shownWorklist != nil, tagging: !state.tagged.isEmpty,
                              phone: state.size.width >= phoneFromWidth,
                              claimed: shown.contains { ClaimKeys.foreignClaim(on: $0, in: state) != nil },
                              callbacks: shown.contains { $0.callbackAt != nil },
                              signoff: shown.contains { $0.signoff.marker != nil })
        let spans = ColumnLayout.spans(for: columns.map(\.column), x: inside.x, width: inside.width)
        grid.put(row: columns.map(\.title), in: spans, y: inside.y, role: .queueHeader)

        guard state.page.total > 0 else {
            let text = filtering ? "No \(state.filter?.includesClosed == true ? "" : "open ")task matches that MRN, name or test"
                : state.shownWorklist != nil ? "No open tasks here: nothing waits on this worklist"
                : state.page.key == .unassigned ? "Nothing unassigned: every result has a queue" : "No open tasks in this queue"
            grid.put(text, x: inside.x, y: inside.y + 1 + (inside.height - 1) / 2, width: inside.width,
                     role: .queueEmpty, alignment: .center)
            return
        }
        for line in 0..<layout.queueRowCount {
            let position = state.scroll + line
            guard let task = state.page.row(at: position) else { continue }
            let y = inside.y + 1 + line
            let band = TaskText.band(task, windows: state.settings.windows, at: state.now)
            let values = zip(columns, spans).map { column, span in
                column.field == .value ? TaskText.value(task, fitting: span.width)
                    : text(for: column.field, task: task, state: state)
            }
            // The row takes its age band's colour, dimmed while it waits for its callback unless its
            // clock is overdue (a callback never hides that); the urgency word keeps its own colour.
            let waiting = task.callbackAt.map { $0 > state.now } == true && ![.overdue, .escalated].contains(band)
            grid.put(row: values, in: spans, y: y, role: waiting ? .queueWaiting : TaskText.role(band))
            if position == state.cursor {
                grid.restyle(Rect(x: inside.x, y: y, width: inside.width, height: 1), role: .queueSelected)
            } else if let urgency = zip(columns, spans).first(where: { $0.0.field == .urgency })?.1 {
                grid.restyle(Rect(x: urgency.x, y: y, width: urgency.width, height: 1), role: TaskText.urgencyRole(task.urgency))
            }
        }
    }

    static func text(for field: Field, task: TaskListItem, state: DashboardState) -> String {
        switch field {
        case .tag: return state.tagged[task.id] == nil ? " " : "●"
        case .queue: return task.assignedNPI.map(state.providerName) ?? "Unassigned"
        case .urgency: return TaskText.urgencyLabel(task.urgency)
        case .patient: return task.patient
        case .claim: return ClaimKeys.foreignClaim(on: task, in: state).map { ClaimKeys.marker($0, at: state.now) } ?? ""
        case .callback: return TaskText.callback(task, timeZone: state.settings.timeZone, at: state.now)
        case .mrn: return task.mrn
        case .test: return task.columnTest
        case .value: return TaskText.valueAndFlags(task)
        case .age: return TaskText.age(task, at: state.now)
        case .due: return TaskText.due(task, at: state.now)
        case .signoff: return task.signoff.marker ?? ""
        case .escalation: return TaskText.escalation(task, windows: state.settings.windows, at: state.now)
        case .phone: return task.phone ?? ""
        case .covering: return TaskText.coveringFor(task, names: state.overview.providerNames)
        }
    }
}
