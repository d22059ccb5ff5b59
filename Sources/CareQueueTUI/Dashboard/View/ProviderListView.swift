import CareQueueCore

/// The left panel: every queue with its open, overdue and critical counts, Unassigned first.
enum ProviderListView {
    /// Count columns are as wide as their titles until a count needs more (up to 999,999 and
    /// beyond); the name gives up the room, so a count is never cut.
    static func columns(for queues: [QueueSummary], awaiting: Bool = false) -> [Column] {
        func width(_ count: (QueueSummary) -> Int) -> Int {
            max(4, queues.map { String(count($0)).count }.max() ?? 0)
        }
        return [
            Column(.flexible(min: 0, weight: 1)),
            Column(.fixed(width(\.open)), alignment: .right),
            Column(.fixed(width(\.overdue)), alignment: .right),
            Column(.fixed(width(\.critical)), alignment: .right),
        ] + (awaiting ? [Column(.fixed(max(3, queues.map { AwaitingText.cell($0).count }.max() ?? 0)), alignment: .right)] : [])
    }

    /// Names keep at least this many cells ("Patel, Anika"): the awaiting column shows only when
    /// they still do (from 136 columns; a narrower screen has the selected queue's count in its title).
    static let awaitingNameWidth = 12

    /// Whether the awaiting column shows: something awaits, and the names keep their room.
    static func showsAwaiting(_ queues: [QueueSummary], width: Int) -> Bool {
        guard queues.contains(where: { $0.awaiting > 0 }) else { return false }
        let counts = columns(for: queues, awaiting: true).dropFirst().reduce(0) { total, column in
            if case .fixed(let cells) = column.width { return total + cells + 1 }
            return total
        }
        return width - counts >= awaitingNameWidth
    }

    static func draw(_ state: DashboardState, layout: DashboardLayout, on grid: inout CellGrid) {
        let inside = grid.box(layout.providerPanel, role: .border, title: "Queues")
        guard inside.height > 0 else { return }
        let queues = state.overview.queues
        let awaiting = showsAwaiting(queues, width: inside.width)
        let spans = ColumnLayout.spans(for: columns(for: queues, awaiting: awaiting), x: inside.x, width: inside.width)
        grid.put(row: ["Queue", "open", "late", "crit", "⌛"], in: spans, y: inside.y, role: .queueHeader)
        let rows = layout.providerRowCount
        // Over the worklist, the queue it is narrowed to (if any) is the selected one.
        let highlighted = state.shownWorklist.map { $0.filter.queue } ?? state.selectedQueue
        let selected = queues.firstIndex { $0.key == highlighted } ?? 0
        let first = max(0, min(selected - rows + 1, queues.count - rows))
        for (line, index) in (first..<min(queues.count, first + rows)).enumerated() {
            let queue = queues[index]
            let y = inside.y + 1 + line
            let isSelected = queue.key == highlighted
            let role: StyleRole = isSelected ? .providerSelected : queue.key == .unassigned ? .providerUnassigned : .provider
            grid.put(row: [queue.name, "\(queue.open)", "\(queue.overdue)", "\(queue.critical)", AwaitingText.cell(queue)],
                     in: spans, y: y, role: role)
            guard !isSelected else { continue }
            if queue.overdue > 0 { restyle(spans[2], y: y, role: .ageOverdue, on: &grid) }
            if queue.critical > 0 { restyle(spans[3], y: y, role: .queueCritical, on: &grid) }
            if awaiting, queue.awaitingLate > 0 { restyle(spans[4], y: y, role: .ageOverdue, on: &grid) }
        }
        if queues.count > first + rows {
            grid.put("↓ \(queues.count - first - rows) more", x: inside.x, y: inside.maxY, width: inside.width,
                     role: .border, alignment: .center)
        }
    }

    private static func restyle(_ span: ColumnSpan, y: Int, role: StyleRole, on grid: inout CellGrid) {
        grid.restyle(Rect(x: span.x, y: y, width: span.width, height: 1), role: role)
    }
}
