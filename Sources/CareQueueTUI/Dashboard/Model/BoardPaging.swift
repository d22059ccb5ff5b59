import Foundation

/// The board's pages: the cursor's page while someone moves it; left alone (the wall), the next
/// page every `[ui] board_page_every`, round again after the last.
enum BoardPaging {
    /// The page on show.
    static func page(_ state: DashboardState) -> Int {
        let layout = BoardLayout(size: state.size)
        let last = layout.pages(state.board.count) - 1
        if case .board(let cursor) = state.screen, !state.settings.kiosk {
            return min(last, max(0, cursor) / layout.rowsPerPage)
        }
        return min(last, max(0, state.boardPage))
    }

    /// On the clock: turns to the next page when the board has been left alone long enough (no key,
    /// no turn); the cursor, where there is one, goes to the new page's first queue.
    static func turnIfIdle(_ state: inout DashboardState) {
        guard state.showsBoard, state.lock == nil else { return }
        let layout = BoardLayout(size: state.size)
        let pages = layout.pages(state.board.count)
        let quietSince = max(state.boardPageTurnedAt, state.lastKeyAt)
        guard pages > 1, state.now.timeIntervalSince(quietSince) >= state.settings.boardPageEvery else { return }
        let next = (page(state) + 1) % pages
        state.boardPage = next
        state.boardPageTurnedAt = state.now
        if case .board = state.screen, !state.settings.kiosk { state.screen = .board(cursor: next * layout.rowsPerPage) }
    }
}
