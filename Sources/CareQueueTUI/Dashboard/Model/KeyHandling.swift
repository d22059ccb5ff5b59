import CareQueueCore
import Foundation

/// Routes a key to the table in charge; the queue's, the detail's and the help overlay's tables.
enum KeyHandling {
    /// The longest note the editor takes.
    static let maximumNoteLength = 1000

    static func handle(_ key: Key, in state: inout DashboardState) -> [DashboardEffect] {
        if key == .control("c") { return [.quit] }
        state.lastKeyAt = state.now
        let table = KeyTables.active(for: state)
        // A message behind the lock screen has not been seen; the kiosk has nothing to dismiss.
        if state.lock != nil || state.settings.kiosk { return table.dispatch(key, in: &state) ?? [] }
        // Whatever was said last has been seen once a key is pressed.
        state.message = nil
        if state.settings.readOnly, refuses(key, table: table, in: state) {
            state.message = StatusMessage("Read-only wall screen: nothing can be changed here", isError: true,
                                          shownAt: state.now)
            return []
        }
        return table.dispatch(key, in: &state) ?? []
    }

    /// On a read-only screen the help overlay refuses nothing; every other screen refuses what
    /// changes data there, and a key that changes data elsewhere but means nothing here (`c` on the
    /// board), so the wall answers it instead of ignoring it. A key the screen uses for something
    /// else stays usable: `a` typed into the filter, Space paging the detail.
    private static func refuses(_ key: Key, table: KeyTable, in state: DashboardState) -> Bool {
        if state.showsHelp { return false }
        if table.changesData(key) { return true }
        return !table.handles(key) && KeyTables.wallRefusals.contains(key)
    }

    /// Opens task `id`'s detail (`shown` until the store's read arrives), records the view and claims
    /// it unless someone else is working on it (the detail then says who).
    static func openDetail(_ id: Int64, showing shown: TaskDetail?, in state: inout DashboardState) -> [DashboardEffect] {
        state.screen = .detail(taskID: id, detail: shown, scroll: 0)
        // Recorded once per opening: reloads and scrolling of the open detail are not new views.
        return [.recordAccess(.taskViewed(taskID: id)), .loadDetail(taskID: id)] + ClaimKeys.claim(id, for: .viewing, in: state)
    }

    static var helpTable: KeyTable {
        KeyTable([
            KeyBinding(keys: [.character("?"), .escape, .enter], hint: KeyHint("Esc", "close help")) { _, state in
                state.showsHelp = false
                return []
            },
            KeyBinding(keys: [.character("q")], hint: KeyHint("q", "quit")) { _, _ in [.quit] },
            // Scrolls only when the overlay is taller than the terminal (80×24 with every key).
            KeyBinding(keys: [.down, .character("j"), .up, .character("k"), .pageDown, .pageUp],
                       hint: KeyHint("↑↓ j k PgUp PgDn", "scroll")) { key, state in
                let page = max(1, HelpView.shownLines(size: state.size))
                let step: Int
                switch key {
                case .down, .character("j"): step = 1
                case .up, .character("k"): step = -1
                case .pageUp: step = -page
                default: step = page
                }
                state.helpScroll = max(0, min(HelpView.maxScroll(size: state.size), state.helpScroll + step))
                return []
            },
        ])
    }

    /// The queue: declared in the help overlay's order; the hint line has its own order per layout.
    static var queueTable: KeyTable {
        KeyTable([
            KeyBinding(keys: [.down, .character("j"), .up, .character("k"), .pageDown, .pageUp, .home, .character("g"),
                              .end, .character("G")],
                       help: KeyHelp("↑ ↓  j k", "move in the queue (PgUp PgDn, Home End, g G)"),
                       hint: KeyHint("↑↓", "move", places: [.standard: 1, .wall: 1, .tagged: 3])) { key, state in
                let target = pagedTarget(key, from: state.cursor, page: max(1, state.visibleRows), count: state.page.total)
                return Dashboard.moveCursor(to: target, in: &state)
            },
            KeyBinding(keys: [.tab, .right, .character("l"), .backTab, .left, .character("h")],
                       help: KeyHelp("Tab  h l", "next / previous queue (Shift-Tab, ← →)"),
                       hint: KeyHint("Tab", "queue", places: [.standard: 11, .wall: 2])) { key, state in
                switchQueue(by: [.tab, .right, .character("l")].contains(key) ? 1 : -1, in: &state)
            },
            KeyBinding(keys: [.character("w")], hint: KeyHint("w", "worklist", places: [.standard: 13])) { _, state in
                WorklistKeys.open(in: &state)
            },
            KeyBinding(keys: [.enter], help: KeyHelp("Enter", "the task's detail: observations, clocks, routing"),
                       hint: KeyHint("Enter", "detail", places: [.standard: 2, .wall: 3])) { _, state in
                guard let task = selected(in: &state) else { return [] }
                return openDetail(task.id, showing: TaskDetail(task: task), in: &state)
            },
            // Before the single-task `c`: with rows tagged, `c` closes them instead.
            KeyBinding(keys: [.character("c")], hint: KeyHint("c", { "close \($0.tagged.count) tagged" }, places: [.tagged: 0]),
                       changesData: true) { _, state in
                state.tagged.isEmpty ? nil : BulkCloseKeys.start(in: &state)
            },
        ] + taskActions(places: [5, 6, 7, 8]) { state in selected(in: &state) } + [
            SignoffKeys.binding { state in selected(in: &state) },
            KeyBinding(keys: [.character(" ")], help: KeyHelp("Space", "tag a row; c then closes the tagged routine normal tasks"),
                       hint: KeyHint("Space", "tag", places: [.standard: 9, .tagged: 1]), changesData: true) { _, state in
                guard let task = selected(in: &state) else { return [] }
                return BulkCloseKeys.toggleTag(task, in: &state)
            },
            KeyBinding(keys: [.character("A")], help: KeyHelp("A", "tag every routine task on screen (again: untag them)"),
                       changesData: true) { _, state in
                BulkCloseKeys.tagRoutineInView(in: &state)
            },
            KeyTables.latestEscalation,
            KeyTables.find(hint: KeyHint("/", "find", places: [.standard: 3, .wall: 5])),
            KeyTables.board(hint: KeyHint("b", "board", places: [.standard: 4, .wall: 4])),
            KeyTables.review(hint: KeyHint("v", "review", places: [.standard: 10, .wall: 6])),
            AwaitingKeys.binding(hint: KeyHint("o", "awaiting", places: [.standard: 14])),
            UndoKeys.binding(),
            KeyBinding(keys: [.escape], help: KeyHelp("Esc", "back out of a dialog, the detail or this help")) { _, state in
                state.filter == nil ? nil : FilterKeys.clear(in: &state)
            },
            KeyBinding(keys: [.escape], hint: KeyHint("Esc", "untag all", places: [.tagged: 2])) { _, state in
                guard !state.tagged.isEmpty else { return nil }
                state.tagged = [:]
                state.message = StatusMessage("Tags cleared", shownAt: state.now)
                return []
            },
        ] + KeyTables.common(help: KeyHint("?", "help", places: [.standard: 12, .wall: 7]),
                             quit: KeyHint("q", "quit", places: [.standard: 0, .wall: 0, .tagged: 4])),
        layout: { state in
            if state.settings.readOnly { return .wall }
            return state.tagged.isEmpty ? .standard : .tagged
        })
    }

    static func detailTable(taskID: Int64, detail: TaskDetail?, scroll: Int) -> KeyTable {
        let shown: (inout DashboardState) -> TaskListItem? = { state in
            if let task = detail?.task { return task }
            state.message = StatusMessage("Task \(taskID) is no longer in the store", isError: true, shownAt: state.now)
            return nil
        }
        return KeyTable([
            KeyBinding(keys: [.escape, .backspace, .left, .character("h")], hint: KeyHint("Esc", "back")) { _, state in
                if let back = AwaitingKeys.returnFromDetail(taskID, in: &state) { return back }
                state.screen = .queue
                return []
            },
            KeyBinding(keys: [.down, .character("j"), .up, .character("k"), .pageDown, .character(" "), .pageUp, .home,
                              .character("g"), .end, .character("G")],
                       hint: KeyHint("↑↓", "scroll")) { key, state in
                let inside = DashboardLayout(size: state.size).mainInside
                let page = max(1, inside.height - 1)
                let lastScroll = detail.map { max(0, DetailView.rows($0, state: state, width: inside.width).count - inside.height) } ?? 0
                let target = ScrollKeys.target(for: key, scroll: scroll, page: page, last: lastScroll)
                state.screen = .detail(taskID: taskID, detail: detail, scroll: target)
                return []
            },
        ] + taskActions(places: nil, target: shown) + [
            SignoffKeys.binding(task: shown),
            ReopenKeys.binding(task: shown),
            ContactPreferenceKeys.binding(task: shown),
            UndoKeys.binding(),
        ] + KeyTables.common(help: KeyHint("?", "help"), quit: KeyHint("q", "quit")))
    }

    /// `a`, `f`, `c` and `r` on the task `target` finds (nil, having said why, when there is none);
    /// `places` are their standard hint places, nil for declaration order.
    private static func taskActions(places: [Int]?,
                                    target: @escaping (inout DashboardState) -> TaskListItem?) -> [KeyBinding] {
        let declared: [(Character, KeyHelp, String)] = [
            ("a", KeyHelp("a", "acknowledge the task (stops a critical or abnormal clock)"), "ack"),
            ("f", KeyHelp("f", "record a failed call attempt (outcome picker)"), "attempt"),
            ("c", KeyHelp("c", "close the task: outcome, then a note (required)"), "close"),
            ("r", KeyHelp("r", "reassign: pick a provider (type to narrow), then a note"), "reassign"),
        ]
        return declared.enumerated().map { index, entry in
            let (character, help, hint) = entry
            return KeyBinding(keys: [.character(character)], help: help,
                              hint: KeyHint(String(character), hint, places: places.map { [.standard: $0[index]] }),
                              changesData: true) { key, state in
                guard let task = target(&state) else { return [] }
                if ClaimKeys.foreignClaim(on: task, in: state) != nil {
                    state.dialog = .claimConfirm(task, key: key)
                    return []
                }
                return act(key, on: task, in: &state)
            }
        }
    }

    /// `a` sends the acknowledgement; `f` and `c` open their outcome pickers. Starting any of them claims the task.
    static func act(_ key: Key, on task: TaskListItem, in state: inout DashboardState) -> [DashboardEffect] {
        let target = ActionTarget(task)
        let claim = ClaimKeys.claim(task.id, in: state)
        switch key {
        case .character("a"):
            return send(.acknowledge, to: target, in: &state) + claim
        case .character("f"):
            // Refused before the outcome picker: no call may happen until the provider signed off.
            if let refusal = SignoffRule.refusal(of: .attempt(.noAnswer, note: ""), target.lifecycle.signoff) {
                state.message = StatusMessage("Task \(task.id): \(refusal.description)", isError: true, shownAt: state.now)
                return []
            }
            state.dialog = .attemptOutcome(target, selected: 0)
        case .character("r"):
            state.dialog = .reassignPicker(target, query: "", selected: 0)
            return [.loadCandidates] + claim
        default:
            // Two failed attempts suggest a portal message rather than a third call.
            let suggested = target.lifecycle.suggestsPortalMessage
                ? CloseOutcome.chosenByPeople.firstIndex(of: .portalMessage) ?? 0 : 0
            state.dialog = .closeOutcome(target, selected: suggested)
        }
        return claim
    }

    static func send(_ action: TaskAction, to target: ActionTarget, in state: inout DashboardState) -> [DashboardEffect] {
        state.actionsInFlight += 1
        state.message = StatusMessage("Task \(target.taskID): saving…", shownAt: state.now)
        UndoKeys.sending(action, to: target, in: &state)
        return [.perform(ActionRequest(taskID: target.taskID, action: action))]
    }

    private static func selected(in state: inout DashboardState) -> TaskListItem? {
        if let task = state.selectedTask { return task }
        state.message = StatusMessage("No task selected: this queue is empty", shownAt: state.now)
        return nil
    }

    /// Where a paged list's cursor goes for ↑↓ j k, PgUp PgDn, Home End g G (unclamped: the caller clamps).
    static func pagedTarget(_ key: Key, from cursor: Int, page: Int, count: Int) -> Int {
        switch key {
        case .down, .character("j"): return cursor + 1
        case .up, .character("k"): return cursor - 1
        case .pageDown: return cursor + page
        case .pageUp: return cursor - page
        case .home, .character("g"): return 0
        default: return count - 1
        }
    }

    static func switchQueue(by step: Int, in state: inout DashboardState) -> [DashboardEffect] {
        let queues = state.overview.queues.map(\.key)
        guard !queues.isEmpty else { return [] }
        let current = queues.firstIndex(of: state.selectedQueue) ?? 0
        let next = queues[((current + step) % queues.count + queues.count) % queues.count]
        guard next != state.selectedQueue else { return [] }
        state.filter = nil
        state.selectedQueue = next
        state.page = QueuePage(key: next)
        state.cursor = 0
        state.scroll = 0
        return [Dashboard.pageLoad(for: state)]
    }
}

