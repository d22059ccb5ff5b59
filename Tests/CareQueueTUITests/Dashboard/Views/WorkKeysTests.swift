import CareQueueCore
@testable import CareQueueTUI
import Foundation
import Testing

@Suite("Bulk work and shortcuts: A tags the routine tasks on screen, the bulk close counts, e, a scrolling help")
struct WorkKeysTests {
    static func loaded(size: GridSize = GridSize(width: 120, height: 40)) -> DashboardState {
        DashboardFixture.state(size: size, cursor: 0)
    }

    @Test("A tags every routine open task on screen and no other; A again untags them")
    func tagRoutine() {
        var state = Self.loaded()
        _ = DashboardFixture.press([.character("A")], on: &state)
        #expect(Set(state.tagged.keys) == [70, 71], "Dr Chen's two routine tasks; the criticals and abnormals stay untagged")
        #expect(state.message?.text.hasPrefix("Tagged 2 routine tasks on screen") == true)
        _ = DashboardFixture.press([.character("A")], on: &state)
        #expect(state.tagged.isEmpty)
    }

    @Test("A then c: the bulk close takes exactly the tagged routine tasks")
    func tagThenClose() {
        var state = Self.loaded()
        _ = DashboardFixture.press([.character("A"), .character("c")], on: &state)
        #expect(state.dialog == .bulkOutcome(BulkClose(taskIDs: [70, 71], excluded: 0), selected: 0))
    }

    @Test("the bulk close counts its answers and ends saying how many closed and why the others did not")
    func bulkTally() {
        var state = Self.loaded()
        let effects = DashboardFixture.press([.character("A"), .character("c"), .enter]
            + DashboardFixture.type("normal results mailed") + [.enter, .character("y")], on: &state)
        let requests = effects.compactMap { effect -> ActionRequest? in
            if case .perform(let request) = effect { return request }
            return nil
        }
        #expect(requests.map(\.taskID) == [70, 71])
        _ = Dashboard.update(&state, .actionFinished(ActionReport(request: requests[0], outcome: .done)))
        #expect(state.message?.text == "Closing… 1 of 2 answered")
        _ = Dashboard.update(&state, .actionFinished(ActionReport(request: requests[1],
                                                                  outcome: .refused("kim closed it first"))))
        #expect(state.message?.text == "Closed 1 of 2 tasks; 1 not closed: kim closed it first")
        #expect(state.message?.isError == true)
        #expect(state.bulkRun == nil)
    }

    @Test("e opens the task of the ticker's latest escalation, from a queue and from the board")
    func latestEscalation() {
        var state = Self.loaded()
        _ = DashboardFixture.press([.character("j"), .character("j")], on: &state)
        var effects = DashboardFixture.press([.character("e")], on: &state)
        #expect(state.screen == .detail(taskID: 42, detail: nil, scroll: 0))
        #expect(effects.contains(.loadDetail(taskID: 42)))
        state = Self.loaded()
        _ = DashboardFixture.press([.character("b")], on: &state)
        effects = DashboardFixture.press([.character("e")], on: &state)
        #expect(state.screen == .detail(taskID: 42, detail: nil, scroll: 0))
        state.overview.ticker = []
        state.screen = .queue
        _ = DashboardFixture.press([.character("e")], on: &state)
        #expect(state.screen == .queue)
        #expect(state.message?.text == "No escalation in the ticker")
    }

    @Test("at 80×24 the help scrolls to its last line and no further; at 120×40 everything fits")
    func helpScrolls() {
        var state = Self.loaded(size: GridSize(width: 80, height: 24))
        _ = DashboardFixture.press([.character("?")], on: &state)
        let last = HelpView.maxScroll(size: state.size)
        #expect(last > 0)
        _ = DashboardFixture.press(Array(repeating: .pageDown, count: 5), on: &state)
        #expect(state.helpScroll == last)
        _ = DashboardFixture.press([.up], on: &state)
        #expect(state.helpScroll == last - 1)
        _ = DashboardFixture.press([.escape, .character("?")], on: &state)
        #expect(state.helpScroll == 0, "help opens at its top again")
        #expect(HelpView.maxScroll(size: GridSize(width: 120, height: 40)) == 0)
    }

    @Test("i in a task's detail picks the patient's contact preference and sends it; the answer names the patient")
    func contactPreference() {
        var state = Self.loaded()
        _ = DashboardFixture.press([.enter], on: &state)
        _ = DashboardFixture.press([.character("i")], on: &state)
        guard case .contactPreference(let target, selected: 0) = state.dialog else {
            Issue.record("expected the preference picker, got \(String(describing: state.dialog))")
            return
        }
        #expect(target.label == "Müller, Anna")
        let effects = DashboardFixture.press([.character("2")], on: &state)
        let request = RevisionRequest(taskID: 42, kind: .contactPreference(.portal), label: "Müller, Anna")
        #expect(effects == [.revise(request)])
        _ = Dashboard.update(&state, .revisionFinished(request, .done))
        #expect(state.message?.text == "Müller, Anna prefers portal — on all their tasks")
    }

    @Test("a bulk close's confirmation says which tagged tasks someone else is working on; y closes them anyway")
    func bulkCloseNamesClaims() throws {
        var state = Self.loaded()
        let row = try #require(state.page.rows.firstIndex { $0.id == 70 })
        let now = DashboardFixture.now
        state.page.rows[row].claim = TaskClaim(by: "kim", at: now.addingTimeInterval(-60), until: now.addingTimeInterval(240))
        let effects = DashboardFixture.press([.character("A"), .character("c"), .enter]
            + DashboardFixture.type("normal results mailed") + [.enter], on: &state)
        guard case .bulkConfirm(let bulk, _, _) = state.dialog else {
            Issue.record("expected the confirmation, got \(String(describing: state.dialog)) after \(effects)")
            return
        }
        #expect(bulk.claimed == 1 && bulk.claimedBy == ["kim"])
        let screen = DashboardView.render(state, size: GridSize(width: 120, height: 40)).lines.joined(separator: "\n")
        #expect(screen.contains("1 of them is being worked on by kim: y closes them anyway."), "\(screen)")
        let sent = DashboardFixture.press([.character("y")], on: &state).filter { if case .perform = $0 { true } else { false } }
        #expect(sent.count == 2)
    }
}
