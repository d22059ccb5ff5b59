import CareQueueCore
import Foundation

/// Keys on the charge-nurse board, the review list and a raw message.
enum ViewKeys {
    /// Where a list cursor goes for a movement key (↑↓ j k, Home End g G), clamped to `count` rows;
    /// nil for any other key.
    static func movedCursor(_ key: Key, from cursor: Int, count: Int) -> Int? {
        let last = max(0, count - 1)
        let target: Int
        switch key {
        case .down, .character("j"): target = cursor + 1
        case .up, .character("k"): target = cursor - 1
        case .home, .character("g"): target = 0
        case .end, .character("G"): target = last
        default: return nil
        }
        return max(0, min(target, last))
    }

    // The board and the review list put `q` first and `?` last on their hint lines, hence the places.
    static func boardTable(cursor: Int) -> KeyTable {
        KeyTable(KeyTables.common(help: KeyHint("?", "help", at: 6), quit: KeyHint("q", "quit", at: 0)) + [
            list(cursor: cursor, count: { $0.board.count }, hint: KeyHint("↑↓", "move", at: 1)) { .board(cursor: $0) },
            KeyBinding(keys: [.enter], hint: KeyHint("Enter", "open queue", at: 2)) { _, state in
                guard state.board.indices.contains(cursor) else { return [] }
                return open(state.board[cursor].key, in: &state)
            },
            KeyBinding(keys: [.escape, .character("b")], hint: KeyHint("Esc", "queues", at: 3)) { _, state in
                state.screen = .queue
                return [Dashboard.pageLoad(for: state)]
            },
            KeyTables.find(hint: KeyHint("/", "find", at: 4)),
            KeyTables.latestEscalation,
            KeyTables.review(hint: KeyHint("v", "review", at: 5)),
            AwaitingKeys.binding(),
        ])
    }

    static func reviewTable(cursor: Int) -> KeyTable {
        KeyTable(KeyTables.common(help: KeyHint("?", "help", at: 6), quit: KeyHint("q", "quit", at: 0)) + [
            list(cursor: cursor, count: { $0.reviewItems.count }, hint: KeyHint("↑↓", "move", at: 1)) { .review(cursor: $0) },
            KeyBinding(keys: [.enter], hint: KeyHint("Enter", "raw message", at: 2)) { _, state in
                guard state.reviewItems.indices.contains(cursor) else { return [] }
                let id = state.reviewItems[cursor].id
                state.screen = .rawMessage(id: id, lines: nil, scroll: 0, reviewCursor: cursor)
                return [.recordAccess(.rawMessageViewed(messageID: id)), .loadRawMessage(id: id)]
            },
            ReviewKeys.resolveBinding(cursor: cursor),
            ReviewKeys.replayBinding(cursor: cursor),
            KeyBinding(keys: [.escape, .character("v")], hint: KeyHint("Esc", "back", at: 5)) { _, state in
                state.screen = .queue
                return [Dashboard.pageLoad(for: state)]
            },
            // `b` keeps its help line; its hint gives way so `? help` fits at 80 columns beside r and p.
            KeyTables.board(),
            KeyTables.find(),
            AwaitingKeys.binding(),
        ])
    }

    static func rawTable(id: Int64, lines: [String]?, scroll: Int, reviewCursor: Int) -> KeyTable {
        func scrolled(by key: Key, in state: inout DashboardState) -> [DashboardEffect] {
            let inside = DashboardLayout(size: state.size).mainInside
            let height = max(1, inside.height - 1)
            // Long segments wrap on screen, so the scroll runs over the wrapped lines.
            let last = max(0, RawMessageView.wrapped(lines ?? [], width: inside.width).count - height)
            let target = ScrollKeys.target(for: key, scroll: scroll, page: height, last: last)
            state.screen = .rawMessage(id: id, lines: lines, scroll: target, reviewCursor: reviewCursor)
            return []
        }
        return KeyTable([
            KeyBinding(keys: [.escape, .backspace, .left, .character("h")], hint: KeyHint("Esc", "back")) { _, state in
                state.screen = .review(cursor: reviewCursor)
                return [.loadReview]
            },
            KeyBinding(keys: [.down, .character("j"), .up, .character("k"), .home, .character("g"), .end, .character("G")],
                       hint: KeyHint("↑↓", "scroll"), action: scrolled),
            KeyBinding(keys: [.pageDown, .character(" "), .pageUp], hint: KeyHint("PgDn", "page"), action: scrolled),
            KeyTables.find(), KeyTables.board(), KeyTables.review(),
        ] + KeyTables.common(quit: KeyHint("q", "quit")))
    }

    /// ↑↓ j k, Home End g G on a list of `count(state)` rows: the screen `moved` makes for the new cursor.
    private static func list(cursor: Int, count: @escaping (DashboardState) -> Int, hint: KeyHint,
                             moved: @escaping (Int) -> DashboardScreen) -> KeyBinding {
        KeyBinding(keys: [.down, .character("j"), .up, .character("k"), .home, .character("g"), .end, .character("G")],
                   hint: hint) { key, state in
            state.screen = moved(movedCursor(key, from: cursor, count: count(state)) ?? cursor)
            return []
        }
    }

    /// Opens queue `key` from the board.
    static func open(_ key: QueueKey, in state: inout DashboardState) -> [DashboardEffect] {
        state.screen = .queue
        state.filter = nil
        // The queue asked for, not the worklist (`w` goes back to it).
        state.worklist?.isShown = false
        if key != state.selectedQueue {
            state.selectedQueue = key
            state.page = QueuePage(key: key)
            state.cursor = 0
            state.scroll = 0
        }
        return [Dashboard.pageLoad(for: state)]
    }
}
