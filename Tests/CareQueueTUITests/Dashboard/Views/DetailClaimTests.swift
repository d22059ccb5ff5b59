import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

/// The detail view says who else is working on the task, in the queue row's terms (`kim · 2m`).
@Suite("Claims in the task detail")
struct DetailClaimTests {
    static let size = GridSize(width: 120, height: 40)
    static let now = DashboardFixture.now

    /// Enter on #42 (Müller, Anna) carrying `claim`, its detail read back from the store as it stands.
    static func opened(with claim: TaskClaim?) -> DashboardState {
        var state = ViewFixture.state(size: size, cursor: 0)
        state.page.rows[0].claim = claim
        ViewFixture.press([.enter], on: &state)
        _ = Dashboard.update(&state, .detailLoaded(taskID: 42, TaskDetail(task: state.page.rows[0])))
        return state
    }

    static func lines(_ state: DashboardState) -> [String] { DashboardView.render(state, size: size).lines }

    @Test("someone else's live claim is the detail's first line: who, how long ago, how long it has left")
    func foreignClaim() throws {
        var state = Self.opened(with: TaskClaim(by: "kim", at: Self.now.addingTimeInterval(-125),
                                                until: Self.now.addingTimeInterval(175)))
        let lines = Self.lines(state)
        let claimed = try #require(lines.firstIndex { $0.contains("Claimed by  kim · 2m ago · 2m left") })
        let patient = try #require(lines.firstIndex { $0.contains("Patient     Müller, Anna") })
        #expect(claimed + 1 == patient, "the claim comes before everything else")
        #expect(lines[claimed - 1].contains("Task 42"), "right under the title")
        // It counts down as the clock runs, and goes when it lapses.
        _ = Dashboard.update(&state, .tick(Self.now.addingTimeInterval(120)))
        #expect(Self.lines(state).contains { $0.contains("Claimed by  kim · 4m ago · 55s left") })
        _ = Dashboard.update(&state, .tick(Self.now.addingTimeInterval(175)))
        #expect(!Self.lines(state).contains { $0.contains("Claimed by") }, "a lapsed claim is no claim")
    }

    @Test("one's own claim and a lapsed one say nothing", arguments: [
        TaskClaim(by: "jdoe", at: DashboardFixture.now.addingTimeInterval(-10), until: DashboardFixture.now.addingTimeInterval(290)),
        TaskClaim(by: "kim", at: DashboardFixture.now.addingTimeInterval(-400), until: DashboardFixture.now.addingTimeInterval(-100)),
    ])
    func noClaimLine(_ claim: TaskClaim) throws {
        #expect(DashboardFixture.settings.user == "jdoe")
        let lines = Self.lines(Self.opened(with: claim))
        #expect(!lines.contains { $0.contains("Claimed by") })
        let title = try #require(lines.firstIndex { $0.contains("Task 42") })
        #expect(lines[title + 1].contains("Patient     Müller, Anna"))
    }

    @Test("opening the detail of a task someone else claimed leaves their claim: the look is claimed as viewing")
    func openingKeepsTheirClaim() {
        var state = ViewFixture.state(size: Self.size, cursor: 0)
        state.page.rows[0].claim = TaskClaim(by: "kim", at: Self.now, until: Self.now.addingTimeInterval(300))
        #expect(ViewFixture.press([.enter], on: &state).last == .claim(taskID: 42, purpose: .viewing))
        // Acting, after "act anyway", takes it over.
        #expect(ViewFixture.press([.character("a"), .character("y")], on: &state).last == .claim(taskID: 42, purpose: .acting))
    }
}
