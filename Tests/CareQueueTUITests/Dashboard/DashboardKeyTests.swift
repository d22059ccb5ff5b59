import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

struct MoveCase: CustomTestStringConvertible, Sendable {
    var name: String
    var keys: [Key]
    var cursor: Int
    var testDescription: String { name }
}

@Suite("Dashboard keys on the pure state")
struct DashboardKeyTests {
    static let size = GridSize(width: 80, height: 24)
    static let chen = QueueKey.provider(npi: DashboardFixture.chen)

    static func loaded(cursor: Int = 0) -> DashboardState { DashboardFixture.state(size: size, cursor: cursor) }

    static let moves: [MoveCase] = [
        MoveCase(name: "j moves down", keys: [.character("j")], cursor: 1),
        MoveCase(name: "Down moves down", keys: [.down, .down], cursor: 2),
        MoveCase(name: "k at the top stays", keys: [.character("k")], cursor: 0),
        MoveCase(name: "Up after Down", keys: [.down, .down, .up], cursor: 1),
        MoveCase(name: "End goes to the last row", keys: [.end], cursor: 6),
        MoveCase(name: "j at the bottom stays", keys: [.end, .character("j")], cursor: 6),
        MoveCase(name: "G then g", keys: [.character("G"), .character("g")], cursor: 0),
        MoveCase(name: "PgDn clamps to the last row", keys: [.pageDown], cursor: 6),
    ]

    @Test("moving the cursor", arguments: moves)
    func move(_ example: MoveCase) {
        var state = Self.loaded()
        let effects = DashboardFixture.press(example.keys, on: &state)
        #expect(state.cursor == example.cursor)
        #expect(state.selectedTask?.id == DashboardFixture.chenTasks[example.cursor].id)
        #expect(effects.isEmpty, "the whole queue is on screen: nothing to load")
    }

    @Test("moving past the last visible row scrolls and reads the next window")
    func scrolling() {
        var state = DashboardFixture.state(size: GridSize(width: 80, height: 24), cursor: 0)
        let rows = state.visibleRows
        var many = DashboardFixture.chenTasks
        for index in 0..<40 { many.append(DashboardFixture.task(1000 + Int64(index), .routine, patient: "P\(index), X", mrn: "M\(index)",
                                                               test: "T", value: "1", age: 60)) }
        let data = DashboardFixture.data()
        data.queues[Self.chen] = many
        _ = Dashboard.update(&state, .pageLoaded(try! data.queuePage(Self.chen, offset: 0, limit: rows, at: state.now)))
        let before = DashboardFixture.press(Array(repeating: .down, count: rows - 1), on: &state)
        #expect(before.isEmpty)
        let effects = DashboardFixture.press([.down], on: &state)
        #expect(state.cursor == rows)
        #expect(state.scroll == 1)
        #expect(effects == [.loadPage(Self.chen, offset: 1, limit: rows)])
    }

    @Test("Tab, l and Right go to the next queue, Shift-Tab, h and Left back, wrapping around")
    func switchingQueues() {
        var state = Self.loaded(cursor: 3)
        var effects = DashboardFixture.press([.tab], on: &state)
        #expect(state.selectedQueue == .provider(npi: DashboardFixture.okafor))
        #expect(state.cursor == 0)
        #expect(effects == [.loadPage(.provider(npi: DashboardFixture.okafor), offset: 0, limit: state.visibleRows)])
        effects = DashboardFixture.press([.character("l"), .right], on: &state)
        #expect(state.selectedQueue == .unassigned, "after the last queue comes Unassigned again")
        effects = DashboardFixture.press([.backTab], on: &state)
        #expect(state.selectedQueue == .provider(npi: DashboardFixture.park))
        effects = DashboardFixture.press([.character("h"), .left], on: &state)
        #expect(state.selectedQueue == Self.chen)
        #expect(effects.last == .loadPage(Self.chen, offset: 0, limit: state.visibleRows))
    }

    @Test("Enter opens the selected task's detail, records the view, reads it and claims it; Esc backs out")
    func detail() {
        var state = Self.loaded(cursor: 2)
        let effects = DashboardFixture.press([.enter], on: &state)
        #expect(effects == [.recordAccess(.taskViewed(taskID: 51)), .loadDetail(taskID: 51), .claim(taskID: 51, purpose: .viewing)])
        guard case .detail(51, let detail, 0) = state.screen else {
            Issue.record("expected the detail of task 51, got \(state.screen)")
            return
        }
        #expect(detail?.task.id == 51)
        _ = DashboardFixture.press([.escape], on: &state)
        #expect(state.screen == .queue)
        #expect(state.cursor == 2)
    }

    @Test("a acknowledges the selected task through the core, and claims it")
    func acknowledge() {
        var state = Self.loaded(cursor: 0)
        let effects = DashboardFixture.press([.character("a")], on: &state)
        #expect(effects == [.perform(ActionRequest(taskID: 42, action: .acknowledge)), .claim(taskID: 42)])
        #expect(state.actionsInFlight == 1)
        #expect(state.message?.text.contains("Task 42") == true)
    }

    @Test("f opens the outcome picker; a choice, the note and the callback record the attempt")
    func failedAttempt() {
        var state = Self.loaded(cursor: 0)
        #expect(DashboardFixture.press([.character("f")], on: &state) == [.claim(taskID: 42)], "starting an action claims")
        #expect(state.dialog == .attemptOutcome(ActionTarget(DashboardFixture.chenTasks[0]), selected: 0))
        let effects = DashboardFixture.press([.character("j"), .enter, .enter, .enter], on: &state)
        // Sunday 2026-03-01 14:05Z: the clinic (07:00-19:00, Monday to Friday, UTC) next opens Monday 07:00.
        let monday = ISO8601Input.parse("2026-03-02T07:00Z", timeZone: DashboardFixture.utc)!
        #expect(effects == [.perform(ActionRequest(taskID: 42, action: .attempt(.leftMessage, note: "", callbackAt: monday)))])
        #expect(state.dialog == nil)
    }

    @Test("a digit picks an attempt outcome at once; a wrong number suggests no callback")
    func attemptByDigit() {
        var state = Self.loaded(cursor: 0)
        let effects = DashboardFixture.press([.character("f"), .character("3"), .enter, .enter], on: &state)
        #expect(effects == [.claim(taskID: 42), .perform(ActionRequest(taskID: 42, action: .attempt(.wrongNumber, note: "")))])
    }

    @Test("c: outcome, then a note; an empty note is refused with the core's words and nothing is sent")
    func closeRefusesEmptyNote() {
        var state = Self.loaded(cursor: 0)
        var effects = DashboardFixture.press([.character("c"), .enter, .enter], on: &state)
        #expect(effects == [.claim(taskID: 42)])
        #expect(state.dialog == .closeNote(ActionTarget(DashboardFixture.chenTasks[0]), outcome: .reached, text: "",
                                           problem: "closing needs a note documenting the follow-up"))
        effects = DashboardFixture.press(DashboardFixture.type("   ") + [.enter], on: &state)
        #expect(effects.isEmpty, "a note of spaces is empty too")
        effects = DashboardFixture.press([.control("u")] + DashboardFixture.type("Called patient; K+ recheck") + [.enter], on: &state)
        #expect(effects == [.perform(ActionRequest(taskID: 42, action: .close(.reached, note: "Called patient; K+ recheck")))])
        #expect(state.dialog == nil)
    }

    @Test("closing as not-needed needs a reason")
    func notNeededNeedsReason() {
        var state = Self.loaded(cursor: 0)
        _ = DashboardFixture.press([.character("c"), .character("3"), .enter], on: &state)
        guard case .closeNote(_, .notNeeded, "", let problem?) = state.dialog else {
            Issue.record("expected a refused empty not-needed note, got \(String(describing: state.dialog))")
            return
        }
        #expect(problem == "closing as not-needed needs a note saying why")
    }

    @Test("keys inside the note editor are text: q, j and ? do not quit, move or open help")
    func noteIsText() {
        var state = Self.loaded(cursor: 0)
        let effects = DashboardFixture.press([.character("c"), .enter] + DashboardFixture.type("q j ?") + [.backspace], on: &state)
        #expect(effects == [.claim(taskID: 42)])
        guard case .closeNote(_, .reached, let text, nil) = state.dialog else {
            Issue.record("expected the note editor, got \(String(describing: state.dialog))")
            return
        }
        #expect(text == "q j ")
        #expect(!state.showsHelp)
        #expect(state.cursor == 0)
        #expect(DashboardFixture.press([.control("c")], on: &state) == [.quit], "Ctrl-C still quits")
    }

    @Test("Esc backs out one step at a time: note → outcome picker (same outcome) → queue")
    func escapeBacksOut() {
        var state = Self.loaded(cursor: 0)
        _ = DashboardFixture.press([.character("c"), .down, .enter] + DashboardFixture.type("x"), on: &state)
        _ = DashboardFixture.press([.escape], on: &state)
        #expect(state.dialog == .closeOutcome(ActionTarget(DashboardFixture.chenTasks[0]), selected: 1))
        _ = DashboardFixture.press([.escape], on: &state)
        #expect(state.dialog == nil)
        #expect(state.screen == .queue)
    }

    @Test("two failed attempts preselect a portal message")
    func portalSuggested() {
        var state = Self.loaded(cursor: 2)
        _ = DashboardFixture.press([.character("c")], on: &state)
        #expect(state.dialog == .closeOutcome(ActionTarget(DashboardFixture.chenTasks[2]), selected: 1))
    }

    @Test("the dialog keeps its task when a reload reorders the queue under it")
    func dialogKeepsItsTask() {
        var state = Self.loaded(cursor: 0)
        _ = DashboardFixture.press([.character("c"), .enter] + DashboardFixture.type("done"), on: &state)
        let reordered = QueuePage(key: Self.chen, offset: 0, total: 7, rows: Array(DashboardFixture.chenTasks.reversed()))
        _ = Dashboard.update(&state, .pageLoaded(reordered))
        let effects = DashboardFixture.press([.enter], on: &state)
        #expect(effects == [.perform(ActionRequest(taskID: 42, action: .close(.reached, note: "done")))])
    }

    @Test("a reload keeps the cursor on the same task when it moved")
    func cursorFollowsTask() {
        var state = Self.loaded(cursor: 2)
        var rows = DashboardFixture.chenTasks
        rows.insert(DashboardFixture.task(99, .critical, patient: "New, Arrival", mrn: "N-99", test: "Potassium",
                                          value: "7.1", flags: ["HH"], age: 10), at: 0)
        _ = Dashboard.update(&state, .pageLoaded(QueuePage(key: Self.chen, offset: 0, total: 8, rows: rows)))
        #expect(state.selectedTask?.id == 51)
        #expect(state.cursor == 3)
    }

    @Test("a refusal from the core shows on the message line until a key is pressed")
    func refusalMessage() {
        var state = Self.loaded(cursor: 0)
        _ = DashboardFixture.press([.character("a")], on: &state)
        let request = ActionRequest(taskID: 42, action: .acknowledge)
        let effects = Dashboard.update(&state, .actionFinished(ActionReport(
            request: request, outcome: .refused("task is already acknowledged by kim at 2026-03-01T14:01:00Z"))))
        #expect(state.message == StatusMessage("Task 42: task is already acknowledged by kim at 2026-03-01T14:01:00Z",
                                               isError: true, shownAt: DashboardFixture.now))
        #expect(state.actionsInFlight == 0)
        #expect(effects.contains(.loadOverview))
        _ = Dashboard.update(&state, .tick(DashboardFixture.now.addingTimeInterval(60)))
        #expect(state.message?.isError == true, "an error does not fade with time")
        _ = DashboardFixture.press([.character("j")], on: &state)
        #expect(state.message == nil)
    }

    @Test("a neutral message fades after a few ticks")
    func messageFades() {
        var state = Self.loaded(cursor: 0)
        _ = Dashboard.update(&state, .actionFinished(ActionReport(request: ActionRequest(taskID: 42, action: .acknowledge),
                                                                  outcome: .done)))
        #expect(state.message?.text == "Task 42 acknowledged")
        _ = Dashboard.update(&state, .tick(DashboardFixture.now.addingTimeInterval(7)))
        #expect(state.message != nil)
        _ = Dashboard.update(&state, .tick(DashboardFixture.now.addingTimeInterval(8)))
        #expect(state.message == nil)
    }

    @Test("actions on an empty queue say so instead of doing anything")
    func emptyQueue() {
        var state = DashboardState(settings: DashboardFixture.settings, now: DashboardFixture.now, size: Self.size)
        _ = Dashboard.update(&state, .overviewLoaded(DashboardFixture.overview))
        for key in [Key.character("a"), .character("f"), .character("c"), .enter] {
            #expect(DashboardFixture.press([key], on: &state).isEmpty)
            #expect(state.dialog == nil)
            #expect(state.message?.text == "No task selected: this queue is empty")
        }
    }

    @Test("? shows help, which swallows other keys; Esc closes it; q quits")
    func help() {
        var state = Self.loaded(cursor: 0)
        _ = DashboardFixture.press([.character("?"), .character("j"), .character("a")], on: &state)
        #expect(state.showsHelp)
        #expect(state.cursor == 0)
        _ = DashboardFixture.press([.escape], on: &state)
        #expect(!state.showsHelp)
        #expect(DashboardFixture.press([.character("q")], on: &state) == [.quit])
    }

    @Test("a store change re-reads what is shown: counts, the visible rows, an open detail")
    func storeChanged() {
        var state = Self.loaded(cursor: 1)
        #expect(Dashboard.update(&state, .storeChanged) == [.loadOverview, .loadPage(Self.chen, offset: 0, limit: state.visibleRows)])
        _ = DashboardFixture.press([.enter], on: &state)
        #expect(Dashboard.update(&state, .storeChanged)
            == [.loadOverview, .loadPage(Self.chen, offset: 0, limit: state.visibleRows), .loadDetail(taskID: 57)])
    }

    @Test("ticks move the clock; counts are re-read every ten seconds without a store change")
    func ticks() {
        var state = Self.loaded(cursor: 0)
        let later = DashboardFixture.now.addingTimeInterval(9)
        #expect(Dashboard.update(&state, .tick(later)).isEmpty)
        #expect(state.now == later)
        #expect(Dashboard.update(&state, .tick(DashboardFixture.now.addingTimeInterval(10))).contains(.loadOverview))
    }

    @Test("a resize re-reads the page for the new number of rows")
    func resize() {
        var state = Self.loaded(cursor: 0)
        let effects = Dashboard.update(&state, .resized(GridSize(width: 120, height: 40)))
        #expect(state.visibleRows == 33)
        #expect(effects == [.loadPage(Self.chen, offset: 0, limit: 33)])
    }

    @Test("q and Ctrl-C quit from the queue; SIGINT quits")
    func quitting() {
        var state = Self.loaded()
        #expect(DashboardFixture.press([.character("q")], on: &state) == [.quit])
        #expect(DashboardFixture.press([.control("c")], on: &state) == [.quit])
        #expect(Dashboard.update(&state, .interrupted) == [.quit])
    }

    @Test("a read failure is an error message, not a crash")
    func loadFailure() {
        var state = Self.loaded()
        _ = Dashboard.update(&state, .loadFailed("the database at /x is locked by another process; try again"))
        #expect(state.message?.isError == true)
        #expect(state.message?.text.contains("locked") == true)
    }

    @Test("a stale page from a queue no longer selected is ignored")
    func stalePage() {
        var state = Self.loaded(cursor: 0)
        _ = Dashboard.update(&state, .pageLoaded(QueuePage(key: .unassigned, offset: 0, total: 1, rows: DashboardFixture.unassignedTasks)))
        #expect(state.page.key == Self.chen)
        #expect(state.selectedTask?.id == 42)
    }

    @Test("when the queue shrinks below the window, the window moves back to its end")
    func shrinkingQueue() {
        var state = Self.loaded(cursor: 0)
        state.scroll = 10
        let effects = Dashboard.update(&state, .pageLoaded(QueuePage(key: Self.chen, offset: 10, total: 3, rows: [])))
        #expect(state.scroll == 0)
        #expect(state.cursor <= 2)
        #expect(effects == [.loadPage(Self.chen, offset: 0, limit: state.visibleRows)])
    }
}
