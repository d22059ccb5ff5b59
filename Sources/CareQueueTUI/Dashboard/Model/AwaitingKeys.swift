import CareQueueCore
import Foundation

/// The awaiting view's keys: move and page, Tab through the queues (every queue first), Enter on a
/// resulted order opens its result's task, Esc goes back.
enum AwaitingKeys {
    /// `o` from the queues, the worklist, the board or the review list: declared once, here.
    static func binding(hint: KeyHint? = nil) -> KeyBinding {
        KeyBinding(keys: [.character("o")],
                   help: KeyHelp("o", "orders and referrals awaiting their result, late first (Tab: another queue)"),
                   hint: hint) { _, state in
            open(in: &state)
        }
    }

    static var table: KeyTable {
        KeyTable(KeyTables.common(help: KeyHint("?", "help", at: 6), quit: KeyHint("q", "quit", at: 0)) + [
            KeyBinding(keys: [.down, .character("j"), .up, .character("k"), .pageDown, .pageUp, .home, .character("g"),
                              .end, .character("G")],
                       hint: KeyHint("↑↓", "move", at: 1)) { key, state in
                guard let list = state.awaiting else { return [] }
                let target = KeyHandling.pagedTarget(key, from: list.cursor, page: max(1, state.visibleRows),
                                                     count: list.page.total)
                return move(to: target, in: &state)
            },
            KeyBinding(keys: [.enter], hint: KeyHint("Enter", "result", at: 2)) { _, state in
                openResult(in: &state)
            },
            KeyBinding(keys: [.tab, .right, .character("l"), .backTab, .left, .character("h")],
                       hint: KeyHint("Tab", "queue", at: 3)) { key, state in
                switchScope(by: [.tab, .right, .character("l")].contains(key) ? 1 : -1, in: &state)
            },
            KeyBinding(keys: [.escape, .character("o")], hint: KeyHint("Esc", "back", at: 4)) { _, state in
                close(in: &state)
            },
            KeyTables.find(),
            KeyTables.board(hint: KeyHint("b", "board", at: 5)),
            KeyTables.review(),
        ])
    }

    /// The view for the queue on show: the selected queue, the worklist's one queue or every queue
    /// (the worklist across queues, the board).
    static func open(in state: inout DashboardState) -> [DashboardEffect] {
        let scope: AwaitingScope
        var boardCursor: Int?
        switch state.screen {
        case .board(let cursor):
            scope = .all
            boardCursor = cursor
        default:
            if let worklist = state.shownWorklist {
                scope = worklist.filter.queue.map(AwaitingScope.queue) ?? .all
            } else {
                scope = .queue(state.selectedQueue)
            }
        }
        state.filter = nil
        state.awaiting = AwaitingList(scope: scope, boardCursor: boardCursor)
        state.screen = .awaiting
        return [load(state)]
    }

    /// Back where it was opened: the board, else the queue or worklist.
    static func close(in state: inout DashboardState) -> [DashboardEffect] {
        if let cursor = state.awaiting?.boardCursor {
            state.screen = .board(cursor: cursor)
            return [.loadBoard]
        }
        state.screen = .queue
        return [Dashboard.pageLoad(for: state)]
    }

    /// The window on show, read again.
    static func load(_ state: DashboardState) -> DashboardEffect {
        let list = state.awaiting ?? AwaitingList(scope: .all)
        return .loadAwaiting(list.scope, offset: list.scroll, limit: max(1, state.visibleRows))
    }

    /// A window read for the list on show: its rows, the cursor kept on the same order when it is
    /// still there.
    static func loaded(_ page: AwaitingPage, in state: inout DashboardState) -> [DashboardEffect] {
        guard var list = state.awaiting, list.scope == page.scope else { return [] }
        let selectedID = list.selected?.order.id
        list.page = page
        if let selectedID, let index = page.rows.firstIndex(where: { $0.order.id == selectedID }) {
            list.cursor = page.offset + index
        }
        list.cursor = max(0, min(list.cursor, page.total - 1))
        state.awaiting = list
        if page.rows.isEmpty, page.total > 0, page.offset > 0 {
            // The list shrank below the window (results arrived): show its end instead.
            list.scroll = max(0, page.total - max(1, state.visibleRows))
            state.awaiting = list
            return [load(state)]
        }
        return scrollToCursor(&state)
    }

    /// The cursor at list position `index` (clamped), the window following it.
    static func move(to index: Int, in state: inout DashboardState) -> [DashboardEffect] {
        guard let list = state.awaiting else { return [] }
        state.awaiting?.cursor = max(0, min(index, list.page.total - 1))
        return scrollToCursor(&state)
    }

    /// Keeps the cursor on screen; reads the window when it moved.
    private static func scrollToCursor(_ state: inout DashboardState) -> [DashboardEffect] {
        guard var list = state.awaiting else { return [] }
        let visible = max(1, state.visibleRows)
        if list.cursor < list.scroll { list.scroll = list.cursor }
        if list.cursor >= list.scroll + visible { list.scroll = list.cursor - visible + 1 }
        list.scroll = max(0, min(list.scroll, max(0, list.page.total - visible)))
        state.awaiting = list
        return list.page.offset == list.scroll ? [] : [load(state)]
    }

    /// Tab: the next scope of every queue, then each queue in the provider list's order.
    private static func switchScope(by step: Int, in state: inout DashboardState) -> [DashboardEffect] {
        guard let list = state.awaiting else { return [] }
        let scopes = [AwaitingScope.all] + state.overview.queues.map { .queue($0.key) }
        let current = scopes.firstIndex(of: list.scope) ?? 0
        let next = scopes[((current + step) % scopes.count + scopes.count) % scopes.count]
        var switched = AwaitingList(scope: next, boardCursor: list.boardCursor)
        switched.page = AwaitingPage(scope: next)
        state.awaiting = switched
        // The queue behind the view follows, so Esc lands on the queue last shown here.
        if case .queue(let key) = next, state.shownWorklist == nil, list.boardCursor == nil, key != state.selectedQueue {
            state.selectedQueue = key
            state.page = QueuePage(key: key)
            state.cursor = 0
            state.scroll = 0
        }
        return [load(state)]
    }

    /// Enter: the selected order's result task, in its detail (Esc there comes back here).
    private static func openResult(in state: inout DashboardState) -> [DashboardEffect] {
        guard let item = state.awaiting?.selected else {
            state.message = StatusMessage("Nothing awaits a result here", shownAt: state.now)
            return []
        }
        guard let taskID = item.order.resultTaskID else {
            let what = item.order.kind == .referral ? "Referral" : "Order"
            state.message = StatusMessage("\(what) \(item.order.placerNumber): no result yet, so no task to open",
                                          shownAt: state.now)
            return []
        }
        state.awaiting?.openedTask = taskID
        return KeyHandling.openDetail(taskID, showing: nil, in: &state)
    }

    /// The detail's Esc: back to the list when the task was opened from it.
    static func returnFromDetail(_ taskID: Int64, in state: inout DashboardState) -> [DashboardEffect]? {
        guard state.awaiting?.openedTask == taskID else { return nil }
        state.awaiting?.openedTask = nil
        state.screen = .awaiting
        return [load(state)]
    }
}
