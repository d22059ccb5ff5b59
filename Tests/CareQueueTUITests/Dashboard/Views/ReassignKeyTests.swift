import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

@Suite("Reassign: provider picker, note, through the core")
struct ReassignKeyTests {
    static let size = GridSize(width: 120, height: 40)

    static func target(_ state: DashboardState) -> ActionTarget { ActionTarget(state.selectedTask!) }

    @Test("r opens the picker on the selected task and reads the roster")
    func opens() {
        var state = DashboardFixture.state(size: Self.size)
        let effects = Dashboard.update(&state, .keyPressed(.character("r")))
        #expect(effects == [.loadCandidates, .claim(taskID: 57)])
        #expect(state.dialog == .reassignPicker(Self.target(state), query: "", selected: 0))
    }

    @Test("typing narrows the roster by name or NPI, any case", arguments: [
        ("park", ["Nia Park, NP"]), ("DR", ["Dr Ada Chen", "Dr Bo Okafor"]), ("124531", ["Dr Bo Okafor"]),
        ("bo okafor", ["Dr Bo Okafor"]), ("nobody", []),
    ])
    func narrows(query: String, names: [String]) {
        #expect(ProviderPicker.matches(ViewFixture.candidates, query: query).map(\.name) == names)
    }

    @Test("pick, note, Enter: the core's reassign is sent to the store")
    func reassigns() {
        var state = ViewFixture.state(size: Self.size)
        let target = Self.target(state)
        ViewFixture.press([.character("r")] + DashboardFixture.type("okaf") + [.enter], on: &state)
        let okafor = ViewFixture.candidates[1]
        #expect(state.dialog == .reassignNote(target, to: okafor, text: "", problem: nil))
        let effects = ViewFixture.press(DashboardFixture.type("covering today") + [.enter], on: &state)
        #expect(state.dialog == nil)
        #expect(effects == [.perform(ActionRequest(taskID: target.taskID,
                                                   action: .reassign(toNPI: okafor.npi, note: "covering today")))])
    }

    @Test("a provider who is away shows who covers, and picking them offers the covering provider")
    func coveredProviderOffersCovering() {
        var state = ViewFixture.state(size: Self.size)
        let target = Self.target(state)
        let park = ViewFixture.candidates[2], okafor = ViewFixture.candidates[1]
        let away = Coverage(providerNPI: park.npi, coveringNPI: okafor.npi, startsAt: state.now.addingTimeInterval(-3600),
                            endsAt: state.now.addingTimeInterval(3 * 3600))
        _ = Dashboard.update(&state, .candidatesLoaded(ViewFixture.candidates, coverage: [away]))
        _ = ViewFixture.press([.character("r")], on: &state)
        _ = Dashboard.update(&state, .candidatesLoaded(ViewFixture.candidates, coverage: [away]))
        let screen = DashboardView.render(state, size: Self.size).lines.joined(separator: "\n")
        #expect(screen.contains("Nia Park, NP  away → Dr Bo Okafor until"), "\(screen)")
        _ = ViewFixture.press(DashboardFixture.type("park") + [.enter], on: &state)
        #expect(state.dialog == .reassignNote(target, to: okafor, text: "", problem: nil))
        #expect(state.message?.text.hasPrefix("Nia Park, NP is away until") == true)
        #expect(state.message?.text.hasSuffix("Dr Bo Okafor covers, the task goes to them") == true)
    }

    @Test("an empty note is refused in the editor and nothing is sent")
    func emptyNoteRefused() {
        var state = ViewFixture.state(size: Self.size)
        ViewFixture.press([.character("r"), .down, .enter], on: &state)
        let effects = ViewFixture.press(DashboardFixture.type("   ") + [.enter], on: &state)
        #expect(effects.isEmpty)
        guard case .reassignNote(_, _, _, let problem?) = state.dialog else {
            Issue.record("the editor closed: \(String(describing: state.dialog))")
            return
        }
        #expect(problem.contains("note"))
    }

    @Test("the task's own queue is refused on the message line")
    func sameQueueRefused() {
        var state = ViewFixture.state(size: Self.size)
        ViewFixture.press([.character("r")] + DashboardFixture.type("chen") + [.enter], on: &state)
        #expect(state.dialog == .reassignPicker(Self.target(state), query: "chen", selected: 0))
        #expect(state.message?.isError == true)
        #expect(state.message?.text.contains("already in Dr Ada Chen's queue") == true)
    }

    @Test("Esc in the note goes back to the picker, Esc there closes it")
    func backOut() {
        var state = ViewFixture.state(size: Self.size)
        ViewFixture.press([.character("r"), .down, .enter, .escape], on: &state)
        if case .reassignPicker = state.dialog {} else { Issue.record("not back in the picker") }
        ViewFixture.press([.escape], on: &state)
        #expect(state.dialog == nil)
    }

    @Test("the store's answer names the receiving provider")
    func doneMessage() {
        var state = ViewFixture.state(size: Self.size)
        let request = ActionRequest(taskID: 42, action: .reassign(toNPI: ViewFixture.okafor, note: "n"))
        _ = Dashboard.update(&state, .actionFinished(ActionReport(request: request, outcome: .done)))
        #expect(state.message?.text == "Task 42 reassigned to Dr Bo Okafor")
    }
}
