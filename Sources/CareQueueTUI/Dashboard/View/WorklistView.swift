import CareQueueCore

/// The worklist's title over the queue table, and its `p` picker.
enum WorklistView {
    /// "Worklist · mine · critical · 15 open".
    static func title(_ worklist: Worklist, state: DashboardState) -> String {
        let name = { (key: QueueKey) in
            state.overview.queues.first { $0.key == key }?.name ?? key.npi.map(state.providerName) ?? "Unassigned"
        }
        let title = "\(worklist.title(names: name)) · \(state.page.total) open"
        // The orders awaiting a result in the same queues.
        let queues = state.overview.queues.filter { queue in
            worklist.filter.queue.map { $0 == queue.key } ?? (!worklist.narrowsToMine || worklist.myQueues.contains(queue.key))
        }
        return AwaitingText.badge(queues).map { title + " · " + $0 } ?? title
    }

    /// The picker: "every queue", then each queue with its open and critical counts.
    static func drawPicker(_ state: DashboardState, cursor: Int, on grid: inout CellGrid) {
        let queues = state.overview.queues
        let options = ["Every queue" + (state.worklist?.narrowsToMine == true ? " I work" : "")]
            + queues.map { "\($0.name) · \($0.open) open · \($0.critical) crit" }
        let height = min(options.count + 2, grid.height - 6)
        let inside = DialogView.frame(GridSize(width: min(56, grid.width - 4), height: height),
                                      title: "Worklist: show one provider", on: &grid)
        let area = Rect(x: inside.x, y: inside.y, width: inside.width, height: inside.height)
        WindowedList.draw(count: options.count, cursor: cursor, in: area, on: &grid) { index, y, grid in
            grid.put(" \(index == cursor ? "▸" : " ") \(options[index])", x: area.x, y: y, width: area.width,
                     role: .dialog, alignment: .left)
        }
    }
}
