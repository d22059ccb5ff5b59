import CareQueueCore
import Foundation

/// The dashboard's pure logic: `update(state, event) -> (state, [effect])`, no I/O.
public enum Dashboard {
    /// Neutral messages disappear after this long; errors stay until a key is pressed.
    static let messageLifetime: TimeInterval = 8
    /// Counts and rows are re-read at least this often, because overdue counts move with the clock.
    static let refreshInterval: TimeInterval = 10

    /// The state after `event`, and what the runtime must do next.
    public static func update(_ state: DashboardState, _ event: DashboardEvent) -> (DashboardState, [DashboardEffect]) {
        var next = state
        let effects = update(&next, event)
        return (next, effects)
    }

    /// Applies `event` to `state` in place; returns the effects to run.
    public static func update(_ state: inout DashboardState, _ event: DashboardEvent) -> [DashboardEffect] {
        switch event {
        case .keyPressed(let key):
            return KeyHandling.handle(key, in: &state)
        case .storeChanged:
            return reloads(for: state)
        case .tick(let now):
            state.now = now
            state.tickerStep &+= 1
            if let message = state.message, !message.isError, now.timeIntervalSince(message.shownAt) >= messageLifetime {
                state.message = nil
            }
            if let alert = state.alert, now >= alert.until { state.alert = nil }
            BoardPaging.turnIfIdle(&state)
            let locked = ScreenLock.lockIfIdle(&state)
            if let loadedAt = state.loadedAt, now.timeIntervalSince(loadedAt) < refreshInterval { return locked }
            return locked + reloads(for: state)
        case .resized(let size):
            state.size = size
            if state.hidesPatients { return [] }
            return scrollToCursor(&state, forceLoad: true)
        case .interrupted:
            return [.quit]
        case .overviewLoaded(let overview):
            BoardAlerts.observe(overview, in: &state)
            state.overview = overview
            state.loadedAt = state.now
            return []
        case .pageLoaded(let page):
            // A queue page on its way when the filter was typed (or the worklist opened) is not what is on show.
            if state.filter?.isActive == true || state.shownWorklist != nil { return [] }
            return apply(page, to: &state)
        case .detailLoaded(let id, let detail):
            if case .detail(id, _, let scroll) = state.screen {
                state.screen = .detail(taskID: id, detail: detail, scroll: scroll)
            }
            return []
        case .actionFinished(let report):
            state.actionsInFlight = max(0, state.actionsInFlight - 1)
            if BulkCloseKeys.finished(report, in: &state) {
                UndoKeys.finished(report, in: &state)
                return reloads(for: state)
            }
            switch report.outcome {
            case .done:
                state.message = StatusMessage(Self.doneText(report.request, names: state.overview.providerNames),
                                              shownAt: state.now)
            case .refused(let reason):
                state.message = StatusMessage("Task \(report.request.taskID): \(reason)", isError: true, shownAt: state.now)
            }
            UndoKeys.finished(report, in: &state)
            return reloads(for: state)
        case .revisionFinished(let request, let outcome):
            UndoKeys.finished(request, outcome, in: &state)
            return reloads(for: state)
        case .reviewActionFinished(_, let outcome):
            return ReviewKeys.finished(outcome, in: &state)
        case .loadFailed(let reason):
            state.message = StatusMessage("Cannot read the store: \(reason)", isError: true, shownAt: state.now)
            return []
        case .boardLoaded(let rows):
            state.board = Board.queueRows(rows)
            if case .board(let cursor) = state.screen {
                state.screen = .board(cursor: max(0, min(cursor, state.board.count - 1)))
            }
            return []
        case .boardFiguresLoaded(let figures):
            state.boardFigures = figures
            state.boardFiguresAt = state.now
            return []
        case .reviewLoaded(let items):
            state.reviewItems = items
            if case .review(let cursor) = state.screen {
                state.screen = .review(cursor: max(0, min(cursor, items.count - 1)))
            }
            return []
        case .rawMessageLoaded(let id, let bytes):
            if case .rawMessage(id, _, let scroll, let back) = state.screen {
                let lines = bytes.map(RawMessageText.lines) ?? ["(message \(id) is no longer in the store)"]
                state.screen = .rawMessage(id: id, lines: lines, scroll: scroll, reviewCursor: back)
            }
            return []
        case .matchesLoaded(let text, let closed, let page):
            guard state.filter?.text == text, state.filter?.includesClosed == closed else { return [] }
            return apply(page, to: &state)
        case .candidatesLoaded(let providers, let coverage):
            state.candidates = providers
            state.candidateCoverage = coverage
            return []
        case .worklistLoaded(let page):
            return WorklistKeys.loaded(page, in: &state)
        case .awaitingLoaded(let page):
            return AwaitingKeys.loaded(page, in: &state)
        }
    }

    /// Everything on screen, re-read; behind the lock only the overview (the header's listener and
    /// feed state), and on the kiosk only the overview and the board: no patient rows are read.
    static func reloads(for state: DashboardState) -> [DashboardEffect] {
        if state.lock != nil { return [.loadOverview] }
        if state.settings.kiosk { return [.loadOverview, .loadBoard] + boardFigures(for: state) }
        var effects: [DashboardEffect] = [.loadOverview, pageLoad(for: state)]
        switch state.screen {
        case .detail(let id, _, _): effects.append(.loadDetail(taskID: id))
        case .board: effects += [.loadBoard] + boardFigures(for: state)
        case .review: effects.append(.loadReview)
        case .awaiting: effects.append(AwaitingKeys.load(state))
        case .queue, .rawMessage: break
        }
        return effects
    }

    /// The board's trend and today's share, when not read within `Board.figuresRefresh` (they move
    /// by the hour; the totals above them move with every write).
    static func boardFigures(for state: DashboardState) -> [DashboardEffect] {
        if let readAt = state.boardFiguresAt, state.now.timeIntervalSince(readAt) < Board.figuresRefresh,
           state.now >= readAt { return [] }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = state.settings.timeZone
        return [.loadBoardFigures(dayStart: calendar.startOfDay(for: state.now))]
    }

    /// The screenful of rows on show: the selected queue's, or the filter's matches from every queue.
    static func pageLoad(for state: DashboardState) -> DashboardEffect {
        if let filter = state.filter, filter.isActive {
            return .loadMatches(text: filter.text, closed: filter.includesClosed, offset: state.scroll,
                                limit: max(1, state.visibleRows))
        }
        if let worklist = state.shownWorklist {
            return .loadWorklist(worklist.filter, offset: state.scroll, limit: max(1, state.visibleRows))
        }
        return .loadPage(state.selectedQueue, offset: state.scroll, limit: max(1, state.visibleRows))
    }

    /// Keeps the cursor on screen; loads the page when the window moved (or when asked).
    static func scrollToCursor(_ state: inout DashboardState, forceLoad: Bool = false) -> [DashboardEffect] {
        let visible = max(1, state.visibleRows)
        let previous = state.scroll
        if state.cursor < state.scroll { state.scroll = state.cursor }
        if state.cursor >= state.scroll + visible { state.scroll = state.cursor - visible + 1 }
        state.scroll = max(0, min(state.scroll, max(0, state.page.total - visible)))
        guard forceLoad || state.scroll != previous || state.page.offset != state.scroll else { return [] }
        return [pageLoad(for: state)]
    }

    /// Moves the cursor to queue position `index` (clamped).
    static func moveCursor(to index: Int, in state: inout DashboardState) -> [DashboardEffect] {
        state.cursor = max(0, min(index, state.page.total - 1))
        return scrollToCursor(&state)
    }

    /// Takes a freshly read page; keeps the cursor on the same task when it is still in view.
    static func apply(_ page: QueuePage, to state: inout DashboardState) -> [DashboardEffect] {
        guard page.key == state.selectedQueue else { return [] }
        let selectedID = state.selectedTask?.id
        state.page = page
        if let selectedID, let index = page.rows.firstIndex(where: { $0.id == selectedID }) {
            state.cursor = page.offset + index
        }
        state.cursor = max(0, min(state.cursor, page.total - 1))
        if page.rows.isEmpty, page.total > 0, page.offset > 0 {
            // The queue shrank below the window (tasks closed elsewhere): show its end instead.
            state.scroll = max(0, page.total - max(1, state.visibleRows))
            return [pageLoad(for: state)]
        }
        return scrollToCursor(&state)
    }

    static func doneText(_ request: ActionRequest, names: [String: String] = [:]) -> String {
        let task = "Task \(request.taskID)"
        switch request.action {
        case .acknowledge: return "\(task) acknowledged"
        case .attempt(let outcome, _, _): return "\(task): attempt recorded (\(outcome.rawValue))"
        case .close(let outcome, _): return "\(task) closed (\(outcome.rawValue))"
        case .reassign(let npi, _): return "\(task) reassigned to \(names[npi] ?? npi)"
        case .signOff: return "\(task) signed off"
        }
    }
}
