import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

@Suite("Closing a \"result not received\" task from the dashboard")
struct MissingResultCloseTests {
    static let size = GridSize(width: 80, height: 24)

    /// The queue with its first task a missing result.
    static func state() -> DashboardState {
        var state = DashboardFixture.state(size: size, cursor: 0)
        var rows = DashboardFixture.chenTasks
        rows[0].kind = .missingResult
        rows[0].test = "Result not received: Potassium"
        rows[0].observations = []
        _ = Dashboard.update(&state, .pageLoaded(QueuePage(key: .provider(npi: DashboardFixture.chen), offset: 0,
                                                           total: rows.count, rows: rows)))
        return state
    }

    @Test("the queue row says \"no result\" where a value would be")
    func row() {
        let lines = DashboardView.render(Self.state(), size: Self.size).lines
        #expect(lines.contains { $0.contains("Müller, A") && $0.contains("no result") }, "\(lines.joined(separator: "\n"))")
    }

    @Test("a wide queue's test column names the test, the value column says there is no result")
    func wideRow() throws {
        let wide = GridSize(width: 150, height: 30)
        var state = DashboardFixture.state(size: wide, cursor: 0)
        var rows = DashboardFixture.chenTasks
        rows[0].kind = .missingResult
        rows[0].test = "Result not received: Potassium"
        rows[0].observations = []
        _ = Dashboard.update(&state, .pageLoaded(QueuePage(key: .provider(npi: DashboardFixture.chen), offset: 0,
                                                           total: rows.count, rows: rows)))
        let lines = DashboardView.render(state, size: wide).lines
        let row = try #require(lines.first { $0.contains("M-100234") })
        #expect(row.contains("Potassi") && row.contains("no result") && !row.contains("Result"), "\(row)")
    }

    @Test("c offers the four outcomes of a missing result, and Enter on the first leads to its note")
    func outcomes() {
        var state = Self.state()
        _ = DashboardFixture.press([.character("c")], on: &state)
        let screen = DashboardView.render(state, size: Self.size).lines.joined(separator: "\n")
        for outcome in ["lab-contacted", "recollected", "patient-did-not-go", "cancelled"] {
            #expect(screen.contains(outcome), "\(outcome) offered")
        }
        #expect(!screen.contains("portal-message") && !screen.contains("reached the patient"))
        let effects = DashboardFixture.press([.character("3"), .enter] + DashboardFixture.type("never went") + [.enter],
                                             on: &state)
        #expect(effects == [.perform(ActionRequest(taskID: 42, action: .close(.patientDidNotGo, note: "never went")))])
    }

    @Test("Esc from the note returns to the same outcome of the missing result's list")
    func escapeKeepsOutcome() {
        var state = Self.state()
        _ = DashboardFixture.press([.character("c"), .down, .down, .down, .enter, .escape], on: &state)
        guard case .closeOutcome(let target, let selected) = state.dialog else {
            Issue.record("expected the outcome picker, got \(String(describing: state.dialog))")
            return
        }
        #expect(target.lifecycle.kind == .missingResult)
        #expect(selected == 3)
    }
}
