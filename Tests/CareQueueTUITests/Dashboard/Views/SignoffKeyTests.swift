import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

@Suite("Sign-off keys: s signs off with an optional note; f and c say whose sign-off a gated task waits for")
struct SignoffKeyTests {
    static let size = GridSize(width: 120, height: 40)
    static let signed = Signoff(providerName: "Dr Ada Chen", npi: DashboardFixture.chen,
                                at: DashboardFixture.now.addingTimeInterval(-600), note: "call today")

    /// Dr Chen's queue with the selected row (cursor 1) gated: waiting for her sign-off, or signed.
    static func state(signed: Signoff? = nil, size: GridSize = size) -> DashboardState {
        var tasks = DashboardFixture.chenTasks
        tasks[1].signoff = SignoffState(required: true, awaited: "Dr Ada Chen", orderingNPI: DashboardFixture.chen,
                                        signed: signed)
        let data = FakeDashboardData(overview: DashboardFixture.overview, queues: [.provider(npi: DashboardFixture.chen): tasks],
                                     history: [:])
        var state = DashboardState(settings: DashboardFixture.settings, now: DashboardFixture.now, size: size)
        _ = Dashboard.update(&state, .overviewLoaded(DashboardFixture.overview))
        state.selectedQueue = .provider(npi: DashboardFixture.chen)
        let page = try! data.queuePage(.provider(npi: DashboardFixture.chen), offset: 0, limit: state.visibleRows,
                                       at: DashboardFixture.now)
        _ = Dashboard.update(&state, .pageLoaded(page))
        state.cursor = 1
        return state
    }

    @Test("s, a note, Enter: the sign-off is sent to the store with the note")
    func signsWithNote() {
        var state = Self.state()
        let target = ActionTarget(state.selectedTask!)
        DashboardFixture.press([.character("s")], on: &state)
        #expect(state.dialog == .signoffNote(target, text: ""))
        let effects = DashboardFixture.press(DashboardFixture.type("repeat in 1 week") + [.enter], on: &state)
        #expect(state.dialog == nil)
        #expect(effects == [.perform(ActionRequest(taskID: target.taskID, action: .signOff(note: "repeat in 1 week")))])
    }

    @Test("s then Enter skips the note; Esc cancels without sending")
    func skipAndCancel() {
        var state = Self.state()
        let id = state.selectedTask!.id
        #expect(DashboardFixture.press([.character("s"), .enter], on: &state)
                == [.perform(ActionRequest(taskID: id, action: .signOff(note: "")))])
        var cancelled = Self.state()
        #expect(DashboardFixture.press([.character("s"), .escape], on: &cancelled).isEmpty)
        #expect(cancelled.dialog == nil)
    }

    @Test("s on a task already signed is refused on the message line, and nothing is sent")
    func alreadySigned() {
        var state = Self.state(signed: Self.signed)
        let effects = DashboardFixture.press([.character("s")], on: &state)
        #expect(effects.isEmpty && state.dialog == nil)
        #expect(state.message?.isError == true)
        #expect(state.message?.text.contains("already signed off by Dr Ada Chen") == true)
    }

    @Test("a refused f says whose sign-off the task waits for, and opens no picker")
    func refusedAttempt() {
        var state = Self.state()
        let effects = DashboardFixture.press([.character("f")], on: &state)
        #expect(effects.isEmpty && state.dialog == nil)
        #expect(state.message?.text == "Task \(state.selectedTask!.id): waiting for Dr Ada Chen's sign-off: no call until Dr Ada Chen signs off the result")
        // Once signed, f opens the outcome picker as before.
        var signed = Self.state(signed: Self.signed)
        DashboardFixture.press([.character("f")], on: &signed)
        #expect(signed.dialog == .attemptOutcome(ActionTarget(signed.selectedTask!), selected: 0))
    }

    @Test("the close dialog says whose sign-off it waits for, and the note's Enter is refused")
    func closeDialogWaits() {
        var state = Self.state()
        DashboardFixture.press([.character("c")], on: &state)
        let screen = DashboardView.render(state, size: Self.size).lines.joined(separator: "\n")
        #expect(screen.contains("Waiting for Dr Ada Chen's sign-off: no close until then"), "\(screen)")
        let effects = DashboardFixture.press([.enter] + DashboardFixture.type("told her") + [.enter], on: &state)
        #expect(effects.isEmpty)
        guard case .closeNote(_, _, _, let problem?) = state.dialog else {
            Issue.record("the editor closed: \(String(describing: state.dialog))")
            return
        }
        #expect(problem.contains("waiting for Dr Ada Chen's sign-off"))
    }

    @Test("rows show ✎ unsigned / ✓ signed at 80 and 120 columns")
    func rowMarkers() {
        for size in [GridSize(width: 80, height: 24), Self.size] {
            let unsigned = DashboardView.render(Self.state(size: size), size: size).lines.joined(separator: "\n")
            #expect(unsigned.contains("✎ unsigned"), "\(size.width): \(unsigned)")
            let signed = DashboardView.render(Self.state(signed: Self.signed, size: size), size: size).lines.joined(separator: "\n")
            #expect(signed.contains("✓ signed"), "\(size.width): \(signed)")
        }
        // Without the rule (the fixture's other queues) there is no Sign-off column.
        let plain = DashboardView.render(DashboardFixture.state(size: Self.size), size: Self.size).lines.joined(separator: "\n")
        #expect(!plain.contains("Sign-off"))
    }
}
