import CareQueueCore

/// The worklist's keys: the queue's (move, detail, actions, find, board), with `m`, `t` and `p`
/// to narrow it and Tab to the provider queues; `w` on a queue comes back.
enum WorklistKeys {
    /// The worklist's table: its own keys, then the queue's except Tab (which leaves for the queues
    /// here). The queue's hint places are spread out so the worklist's own fit after Enter.
    static var table: KeyTable {
        let queue = KeyHandling.queueTable
        let inherited = queue.bindings.filter { !$0.matches(.tab) && !$0.matches(.character("w")) }.map { binding in
            var binding = binding
            if let places = binding.hint?.places { binding.hint?.places = places.mapValues { $0 * 10 } }
            return binding
        }
        return KeyTable(own + inherited, layout: queue.layout)
    }

    private static var own: [KeyBinding] {
        [
            KeyBinding(keys: [.character("m")],
                       help: KeyHelp("m t p  w", "worklist: mine/all, tier, one provider; w opens, Tab leaves"),
                       hint: KeyHint("m", { $0.worklist?.filter.mine == true ? "all" : "mine" },
                                     places: [.standard: 25, .wall: 31])) { _, state in
                guard var worklist = state.shownWorklist else { return nil }
                worklist.filter.mine.toggle()
                if worklist.filter.mine, worklist.myQueues.isEmpty {
                    state.message = StatusMessage("The roster names no queue for \(state.settings.rosterAccount): mine is every queue",
                                                  shownAt: state.now)
                }
                return narrow(to: worklist, in: &state)
            },
            KeyBinding(keys: [.character("t")], hint: KeyHint("t", "tier", places: [.standard: 26, .wall: 32])) { _, state in
                guard var worklist = state.shownWorklist else { return nil }
                worklist.filter.tier = Worklist.nextTier(after: worklist.filter.tier)
                return narrow(to: worklist, in: &state)
            },
            KeyBinding(keys: [.character("p")], hint: KeyHint("p", "provider", places: [.standard: 27, .wall: 33])) { _, state in
                guard var worklist = state.shownWorklist else { return nil }
                let current = worklist.filter.queue.flatMap { key in state.overview.queues.firstIndex { $0.key == key } }
                worklist.picker = current.map { $0 + 1 } ?? 0
                state.worklist = worklist
                return []
            },
            KeyBinding(keys: [.tab, .backTab, .right, .left, .character("l"), .character("h")],
                       hint: KeyHint("Tab", "queues", places: [.standard: 28, .wall: 34])) { _, state in
                leave(in: &state)
            },
        ]
    }

    /// `w` on a queue: the worklist, as it was left (or as it opens).
    static func open(in state: inout DashboardState) -> [DashboardEffect] {
        var worklist = state.worklist ?? Worklist()
        worklist.isShown = true
        state.worklist = worklist
        state.filter = nil
        return restart(in: &state)
    }

    /// Tab: the provider queues, on the queue of the task under the cursor (else the one last shown).
    static func leave(in state: inout DashboardState) -> [DashboardEffect] {
        let key = state.selectedTask.map { task in task.assignedNPI.map { QueueKey.provider(npi: $0) } ?? .unassigned }
        state.worklist?.isShown = false
        state.filter = nil
        state.selectedQueue = key ?? state.selectedQueue
        return restart(in: &state)
    }

    /// A page read for the filter on show: its rows, and the queues the user works.
    static func loaded(_ page: WorklistPage, in state: inout DashboardState) -> [DashboardEffect] {
        guard var worklist = state.shownWorklist, worklist.filter == page.filter, state.filter?.isActive != true else { return [] }
        worklist.myQueues = page.myQueues
        state.worklist = worklist
        return Dashboard.apply(QueuePage(key: state.selectedQueue, offset: state.scroll, total: page.found.total,
                                         rows: page.found.rows), to: &state)
    }

    /// The picker over the worklist: "every queue", then each queue with its counts.
    static func pickerTable(cursor: Int) -> KeyTable {
        KeyTable([
            KeyBinding(keys: [.down, .character("j"), .up, .character("k"), .home, .character("g"), .end, .character("G")],
                       hint: KeyHint("↑↓", "choose")) { key, state in
                let count = state.overview.queues.count + 1
                state.worklist?.picker = ViewKeys.movedCursor(key, from: cursor, count: count) ?? cursor
                return []
            },
            KeyBinding(keys: [.enter], hint: KeyHint("Enter", "show")) { _, state in
                guard var worklist = state.worklist else { return [] }
                let queues = state.overview.queues
                worklist.picker = nil
                worklist.filter.queue = cursor > 0 && cursor <= queues.count ? queues[cursor - 1].key : nil
                return narrow(to: worklist, in: &state)
            },
            KeyBinding(keys: [.escape, .character("p")], hint: KeyHint("Esc", "cancel")) { _, state in
                state.worklist?.picker = nil
                return []
            },
        ], layout: KeyTable.dialogLayout)
    }

    /// The worklist with a new filter, read again from its top.
    private static func narrow(to worklist: Worklist, in state: inout DashboardState) -> [DashboardEffect] {
        state.worklist = worklist
        return restart(in: &state)
    }

    private static func restart(in state: inout DashboardState) -> [DashboardEffect] {
        state.screen = .queue
        state.page = QueuePage(key: state.selectedQueue)
        state.cursor = 0
        state.scroll = 0
        return [Dashboard.pageLoad(for: state)]
    }
}
