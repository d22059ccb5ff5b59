/// The left panel: every queue with its open, overdue and critical counts, Unassigned first.
enum ProviderListView {
    static let columns = [
        Column(.flexible(min: 10, weight: 1)),
        Column(.fixed(4), alignment: .right),
        Column(.fixed(4), alignment: .right),
        Column(.fixed(4), alignment: .right),
    ]

    static func draw(_ state: DashboardState, layout: DashboardLayout, on grid: inout CellGrid) {
        let inside = grid.box(layout.providerPanel, role: .border, title: "Queues")
        guard inside.height > 0 else { return }
        let spans = ColumnLayout.spans(for: columns, x: inside.x, width: inside.width)
        grid.put(row: ["Queue", "open", "late", "crit"], in: spans, y: inside.y, role: .queueHeader)
        let queues = state.overview.queues
        let rows = layout.providerRowCount
        let selected = queues.firstIndex { $0.key == state.selectedQueue } ?? 0
        let first = max(0, min(selected - rows + 1, queues.count - rows))
        for (line, index) in (first..<min(queues.count, first + rows)).enumerated() {
            let queue = queues[index]
            let y = inside.y + 1 + line
            let isSelected = queue.key == state.selectedQueue
            let role: StyleRole = isSelected ? .providerSelected : queue.key == .unassigned ? .providerUnassigned : .provider
            grid.put(row: [queue.name, "\(queue.open)", "\(queue.overdue)", "\(queue.critical)"], in: spans, y: y, role: role)
            guard !isSelected else { continue }
            if queue.overdue > 0 { restyle(spans[2], y: y, role: .ageOverdue, on: &grid) }
            if queue.critical > 0 { restyle(spans[3], y: y, role: .queueCritical, on: &grid) }
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
