import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

/// Undo within `[ui] undo_window`, claims others see, and notes kept after a refusal — on the pure state.
@Suite("Safe actions: undo, claims and kept notes")
struct SafeActionKeyTests {
    static let size = GridSize(width: 120, height: 40)
    static let now = DashboardFixture.now
    static let potassium = "acknowledge of Müller, Anna · Potassium"

    /// Dr Chen's queue with #42 (Müller, Anna · Potassium) selected.
    static func state() -> DashboardState { ViewFixture.state(size: size, cursor: 0) }

    static func status(_ state: DashboardState) -> String {
        let lines = DashboardView.render(state, size: size).lines
        return lines[lines.count - 3]
    }

    static func tick(_ seconds: TimeInterval, _ state: inout DashboardState) {
        _ = Dashboard.update(&state, .tick(now.addingTimeInterval(seconds)))
    }

    static func finish(_ request: ActionRequest, _ outcome: ActionOutcome, _ state: inout DashboardState) {
        _ = Dashboard.update(&state, .actionFinished(ActionReport(request: request, outcome: outcome)))
    }

    /// `a` on #42, answered done.
    static func acknowledged() -> DashboardState {
        var state = state()
        ViewFixture.press([.character("a")], on: &state)
        finish(ActionRequest(taskID: 42, action: .acknowledge), .done, &state)
        return state
    }

    @Test("within the window the message line says what u undoes, counting down; u sends the undo")
    func undoWithinWindow() {
        var state = Self.acknowledged()
        #expect(Self.status(state).contains("Task 42 acknowledged · u: undo \(Self.potassium) (10 s)"))
        Self.tick(2, &state)
        #expect(Self.status(state).contains("u: undo \(Self.potassium) (8 s)"))
        let effects = ViewFixture.press([.character("u")], on: &state)
        #expect(effects == [.revise(RevisionRequest(taskID: 42, kind: .undo, label: Self.potassium))])
        #expect(state.undo.offer == nil)
        _ = Dashboard.update(&state, .revisionFinished(RevisionRequest(taskID: 42, kind: .undo, label: Self.potassium), .done))
        #expect(state.message?.text == "Undone: \(Self.potassium) (task 42 is as it was before)")
        #expect(state.actionsInFlight == 0)
        #expect(ViewFixture.press([.character("u")], on: &state).isEmpty, "one action is undone once")
        #expect(state.message?.text == "Nothing to undo")
    }

    @Test("after the window u undoes nothing and says the window passed; the offer is gone from the screen")
    func undoAfterWindow() {
        var state = Self.acknowledged()
        Self.tick(10, &state)
        #expect(!Self.status(state).contains("u: undo"))
        let effects = ViewFixture.press([.character("u")], on: &state)
        #expect(effects.isEmpty)
        #expect(state.message == StatusMessage("Too late to undo \(Self.potassium): undo lasts 10 s after an action",
                                               isError: true, shownAt: Self.now.addingTimeInterval(10)))
    }

    @Test("[ui] undo_window sets how long the offer lasts")
    func configuredWindow() {
        var state = Self.state()
        state.settings.undoWindow = 30
        ViewFixture.press([.character("a")], on: &state)
        Self.finish(ActionRequest(taskID: 42, action: .acknowledge), .done, &state)
        Self.tick(25, &state)
        #expect(Self.status(state).contains("u: undo \(Self.potassium) (5 s)"))
    }

    @Test("after another terminal changed the task the undo is refused, naming who, and nothing is offered again")
    func undoRefusedAfterAnotherChange() {
        var state = Self.acknowledged()
        let request = RevisionRequest(taskID: 42, kind: .undo, label: Self.potassium)
        #expect(ViewFixture.press([.character("u")], on: &state) == [.revise(request)])
        let reason = "not undone: task 42 changed after your ack: close by kim at 2026-03-01T14:05:12Z"
        _ = Dashboard.update(&state, .revisionFinished(request, .refused(reason)))
        #expect(state.message == StatusMessage("Task 42: \(reason)", isError: true, shownAt: Self.now))
        #expect(state.undo.offer == nil)
        #expect(state.dialog == nil, "an undo carries no note to offer back")
    }

    @Test("a bulk close is one undo for every task it closed")
    func bulkUndo() {
        var state = ViewFixture.state(size: Self.size, cursor: 5)
        ViewFixture.press([.character(" "), .character(" "), .character("c"), .enter] + DashboardFixture.type("letter sent")
                          + [.enter, .character("y")], on: &state)
        for id in [Int64(70), 71] {
            Self.finish(ActionRequest(taskID: id, action: .close(.reached, note: "letter sent")), .done, &state)
        }
        #expect(state.undo.offer?.what == "close of 2 tasks")
        #expect(ViewFixture.press([.character("u")], on: &state) == [70, 71].map {
            .revise(RevisionRequest(taskID: $0, kind: .undo, label: "close of 2 tasks"))
        })
        #expect(state.actionsInFlight == 2)
    }

    @Test("someone else's live claim shows on the row as name · age; one's own and lapsed ones do not")
    func claimOnRow() {
        var state = Self.state()
        state.page.rows[0].claim = TaskClaim(by: "kim", at: Self.now.addingTimeInterval(-125), until: Self.now.addingTimeInterval(175))
        state.page.rows[1].claim = TaskClaim(by: "jdoe", at: Self.now.addingTimeInterval(-60), until: Self.now.addingTimeInterval(240))
        state.page.rows[2].claim = TaskClaim(by: "sam", at: Self.now.addingTimeInterval(-400), until: Self.now.addingTimeInterval(-100))
        let lines = DashboardView.render(state, size: Self.size).lines
        #expect(lines.contains { $0.contains("Claimed") })
        let row = { (mrn: String) in lines.first { $0.contains(mrn) } ?? "" }
        #expect(row("M-100234").contains("kim · 2m"))
        #expect(!row("JP-7781").contains("jdoe ·"), "one's own claim is not shown as foreign")
        #expect(!row("G-5512").contains("sam ·"), "a lapsed claim is not shown")
        Self.tick(175, &state)
        #expect(!DashboardView.render(state, size: Self.size).lines.contains { $0.contains("Claimed") }, "claims expire")
    }

    @Test("acting on a task someone else claimed asks first: y acts (and claims), n leaves it")
    func confirmBeforeActing() {
        var state = Self.state()
        state.page.rows[0].claim = TaskClaim(by: "kim", at: Self.now.addingTimeInterval(-120), until: Self.now.addingTimeInterval(180))
        let task = state.page.rows[0]
        #expect(ViewFixture.press([.character("a")], on: &state).isEmpty, "nothing is written before the answer")
        #expect(state.dialog == .claimConfirm(task, key: .character("a")))
        #expect(DashboardView.render(state, size: Self.size).lines.contains {
            $0.contains("kim is working on this task (2m) — act anyway? y/n")
        })
        ViewFixture.press([.character("n")], on: &state)
        #expect(state.dialog == nil)
        #expect(state.message?.text == "Left task 42 to kim")
        ViewFixture.press([.character("a")], on: &state)
        let effects = ViewFixture.press([.character("y")], on: &state)
        #expect(effects == [.perform(ActionRequest(taskID: 42, action: .acknowledge)), .claim(taskID: 42)])
        // A claim never blocks and is no status: after it lapses, `a` acts at once.
        Self.tick(180, &state)
        #expect(ViewFixture.press([.character("a")], on: &state).first == .perform(ActionRequest(taskID: 42, action: .acknowledge)))
    }

    @Test("opening a task claims it as a look (another's live claim stays), starting an action takes it; a read-only wall claims nothing")
    func claiming() {
        var state = Self.state()
        #expect(ViewFixture.press([.enter], on: &state).contains(.claim(taskID: 42, purpose: .viewing)))
        var queue = Self.state()
        #expect(ViewFixture.press([.character("c")], on: &queue) == [.claim(taskID: 42)])
        var settings = DashboardFixture.settings
        settings.readOnly = true
        var wall = ViewFixture.state(size: Self.size, cursor: 0, settings: settings)
        #expect(!ViewFixture.press([.enter], on: &wall).contains { if case .claim = $0 { true } else { false } })
    }

    @Test("a close refused because someone acted first offers its note back: n adds it as a note, d discards it")
    func noteOfferedBack() {
        var state = Self.state()
        ViewFixture.press([.character("c"), .enter] + DashboardFixture.type("called, results explained") + [.enter], on: &state)
        let close = ActionRequest(taskID: 42, action: .close(.reached, note: "called, results explained"))
        let reason = "task is already closed by kim at 2026-03-01T14:04:00Z"
        Self.finish(close, .refused(reason), &state)
        let offer = NoteOffer(taskID: 42, label: "Müller, Anna · Potassium", note: "called, results explained", reason: reason)
        #expect(state.dialog == .noteOffer(offer))
        let screen = DashboardView.render(state, size: Self.size).lines
        #expect(screen.contains { $0.contains("called, results explained") })
        #expect(screen.contains { $0.contains("n: add it to the task as a note   d: discard it") })
        ViewFixture.press([.escape], on: &state)
        #expect(state.dialog == .noteOffer(offer), "Esc does not throw a typed note away")
        let effects = ViewFixture.press([.character("n")], on: &state)
        #expect(effects == [.revise(RevisionRequest(taskID: 42, kind: .note("called, results explained"),
                                                    label: "Müller, Anna · Potassium"))])
        #expect(state.dialog == nil)

        Self.finish(close, .refused(reason), &state)
        #expect(ViewFixture.press([.character("d")], on: &state).isEmpty)
        #expect(state.dialog == nil)
        #expect(state.message?.text == "Task 42: your note was discarded")
    }

    @Test("o re-opens a closed task in the detail after a note; an open task says it cannot")
    func reopen() {
        var state = Self.state()
        ViewFixture.press([.enter], on: &state)
        ViewFixture.press([.character("o")], on: &state)
        #expect(state.message == StatusMessage("Task 42 is open: only a closed task can be re-opened", isError: true,
                                               shownAt: Self.now))
        var closed = DashboardFixture.chenTasks[0]
        closed.status = .closed
        _ = Dashboard.update(&state, .detailLoaded(taskID: 42, TaskDetail(task: closed)))
        #expect(ViewFixture.press([.character("o")], on: &state) == [.claim(taskID: 42)])
        ViewFixture.press([.enter], on: &state)
        guard case .reopenNote(_, _, let problem?) = state.dialog else {
            Issue.record("an empty note was accepted: \(String(describing: state.dialog))")
            return
        }
        #expect(problem == "re-opening needs a note saying why")
        let effects = ViewFixture.press(DashboardFixture.type("new symptoms") + [.enter], on: &state)
        #expect(effects == [.revise(RevisionRequest(taskID: 42, kind: .reopen(note: "new symptoms"),
                                                    label: "Müller, Anna · Potassium"))])
    }
}
