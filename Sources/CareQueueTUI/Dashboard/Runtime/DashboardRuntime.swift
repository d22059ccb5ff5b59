import CareQueueCore
import Foundation

/// Connects the pure dashboard to the world on the UI thread: turns loop events into dashboard
/// events, runs the effects `Dashboard.update` asks for (small store reads right here, actions on
/// the `ActionRunner`) and feeds their results back in.
@MainActor
public final class DashboardRuntime {
    /// Events one input may cause at most (loads answering loads), a guard against ping-pong.
    static let eventBudget = 64

    private let data: any DashboardData
    private let runner: ActionRunner
    private let clock: any TimeSource
    /// The board, review list, filter and roster reads.
    private let views: any DashboardViewData
    private let access: any AccessAudit

    public init(data: any DashboardData, views: any DashboardViewData, runner: ActionRunner, clock: any TimeSource,
                access: any AccessAudit) {
        self.data = data
        self.runner = runner
        self.clock = clock
        self.views = views
        self.access = access
    }

    /// Reads everything the first frame shows.
    public func prepare(_ state: inout DashboardState) {
        _ = process([.storeChanged], state: &state)
    }

    /// The `update` the `EventLoop` calls.
    public func handle(_ event: UIEvent, state: inout DashboardState) -> UpdateResult {
        let events: [DashboardEvent]
        switch event {
        case .keyPressed(let key): events = [.keyPressed(key)]
        case .resized(let size): events = [.resized(size)]
        case .interrupted: events = [.interrupted]
        case .terminated: return .unchanged  // the loop stops by itself, reporting the signal
        case .tick(let now): events = [.tick(now)]
        case .woken(.actionFinished): events = runner.takeAnswers()
        case .woken(.storeChanged), .woken(.listenerChanged), .woken(.escalationsRecorded): events = [.storeChanged]
        case .woken: events = []
        }
        let before = state
        if process(events, state: &state) { return .quit }
        return state == before ? .unchanged : .redraw
    }

    /// Waits for actions still on their way to the store.
    public func finish() {
        runner.waitUntilIdle()
    }

    /// Applies `events` and everything their effects cause; true when one of them quits.
    private func process(_ events: [DashboardEvent], state: inout DashboardState) -> Bool {
        var pending = events
        var done: [DashboardEffect] = []
        var budget = Self.eventBudget
        while !pending.isEmpty, budget > 0 {
            budget -= 1
            let event = pending.removeFirst()
            for effect in Dashboard.update(&state, event) {
                if case .quit = effect { return true }
                if effect.writes {} else {
                    // Two events asking for the same read in one go need it once.
                    if done.contains(effect) { continue }
                    done.append(effect)
                }
                if let result = run(effect, state: state) { pending.append(result) }
            }
        }
        return false
    }

    private func run(_ effect: DashboardEffect, state: DashboardState) -> DashboardEvent? {
        do {
            switch effect {
            case .loadOverview:
                return .overviewLoaded(try data.overview(at: state.now))
            case .loadPage(let key, let offset, let limit):
                return .pageLoaded(try data.queuePage(key, offset: offset, limit: limit, at: state.now))
            case .loadDetail(let id):
                return .detailLoaded(taskID: id, try data.taskDetail(id: id))
            case .perform(let request):
                runner.submit(request, user: state.settings.user, at: clock.now())
                return nil
            case .quit:
                return nil
            case .loadBoard:
                return .boardLoaded(try views.boardRows(at: state.now))
            case .loadBoardFigures(let dayStart):
                return .boardFiguresLoaded(try views.boardFigures(at: state.now, hours: Board.trendHours, dayStart: dayStart))
            case .loadReview:
                return .reviewLoaded(try views.reviewItems())
            case .loadRawMessage(let id):
                return .rawMessageLoaded(id: id, try views.rawMessage(id: id))
            case .loadMatches(let text, let closed, let offset, let limit):
                let found = try views.tasks(matching: text, includingClosed: closed, offset: offset, limit: limit,
                                            at: state.now)
                return .matchesLoaded(text: text, closed: closed, found.page(key: state.selectedQueue, offset: offset))
            case .loadWorklist(let filter, let offset, let limit):
                return .worklistLoaded(try views.worklist(filter, account: state.settings.rosterAccount, offset: offset,
                                                          limit: limit, at: state.now))
            case .loadAwaiting(let scope, let offset, let limit):
                return .awaitingLoaded(try views.awaiting(scope, offset: offset, limit: limit, at: state.now))
            case .loadCandidates:
                return .candidatesLoaded(try views.reassignCandidates(), coverage: try views.coverage(activeAt: state.now))
            case .recordAccess(let event):
                access.record(event, at: clock.now())
                return nil
            case .revise(let request):
                runner.submit(request, user: state.settings.user, at: clock.now())
                return nil
            case .claim(let id, let purpose):
                runner.claim(task: id, user: state.settings.user, at: clock.now(), purpose: purpose)
                return nil
            case .reviewAction(let request):
                runner.submit(request, user: state.settings.user, at: clock.now())
                return nil
            }
        } catch {
            return .loadFailed(String(describing: error))
        }
    }
}

extension DashboardEffect {
    /// Writes are run each time they are asked for; only reads are folded.
    var writes: Bool {
        switch self {
        case .perform, .revise, .claim, .reviewAction: return true
        default: return false
        }
    }
}
