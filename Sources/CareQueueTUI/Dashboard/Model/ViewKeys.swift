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

    static func boardKey(_ key: Key, cursor: Int, in state: inout DashboardState) -> [DashboardEffect] {
        if let moved = movedCursor(key, from: cursor, count: state.board.count) {
            state.screen = .board(cursor: moved)
            return []
        }
        switch key {
        case .enter:
            guard state.board.indices.contains(cursor) else { return [] }
            return open(state.board[cursor].key, in: &state)
        case .escape, .character("b"):
            state.screen = .queue
            return [Dashboard.pageLoad(for: state)]
        default:
            return common(key, in: &state)
        }
    }

    static func reviewKey(_ key: Key, cursor: Int, in state: inout DashboardState) -> [DashboardEffect] {
        if let moved = movedCursor(key, from: cursor, count: state.reviewItems.count) {
            state.screen = .review(cursor: moved)
            return []
        }
        switch key {
        case .enter:
            guard state.reviewItems.indices.contains(cursor) else { return [] }
            let id = state.reviewItems[cursor].id
            state.screen = .rawMessage(id: id, lines: nil, scroll: 0, reviewCursor: cursor)
            return [.loadRawMessage(id: id)]
        case .escape, .character("v"):
            state.screen = .queue
            return [Dashboard.pageLoad(for: state)]
        default:
            return common(key, in: &state)
        }
    }

    static func rawKey(_ key: Key, id: Int64, lines: [String]?, scroll: Int, reviewCursor: Int,
                       in state: inout DashboardState) -> [DashboardEffect] {
        let height = max(1, DashboardLayout(size: state.size).mainInside.height - 1)
        let last = max(0, (lines?.count ?? 0) - height)
        func scrolled(_ to: Int) -> [DashboardEffect] {
            state.screen = .rawMessage(id: id, lines: lines, scroll: max(0, min(to, last)), reviewCursor: reviewCursor)
            return []
        }
        switch key {
        case .down, .character("j"): return scrolled(scroll + 1)
        case .up, .character("k"): return scrolled(scroll - 1)
        case .pageDown, .character(" "): return scrolled(scroll + height)
        case .pageUp: return scrolled(scroll - height)
        case .home, .character("g"): return scrolled(0)
        case .end, .character("G"): return scrolled(last)
        case .escape, .backspace, .left, .character("h"):
            state.screen = .review(cursor: reviewCursor)
            return [.loadReview]
        default:
            return common(key, in: &state)
        }
    }

    /// Opens queue `key` from the board.
    static func open(_ key: QueueKey, in state: inout DashboardState) -> [DashboardEffect] {
        state.screen = .queue
        state.filter = nil
        if key != state.selectedQueue {
            state.selectedQueue = key
            state.page = QueuePage(key: key)
            state.cursor = 0
            state.scroll = 0
        }
        return [Dashboard.pageLoad(for: state)]
    }

    /// Help, quit and the other views.
    private static func common(_ key: Key, in state: inout DashboardState) -> [DashboardEffect] {
        switch key {
        case .character("?"): state.showsHelp = true
        case .character("q"): return [.quit]
        default: return KeyHandling.viewKey(key, in: &state) ?? []
        }
        return []
    }
}
