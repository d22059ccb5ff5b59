import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

/// Screens of the board, review list, raw message, reassign picker, filtered queue and bulk close
/// (text and roles, at 80×24 and 120×40).
@Suite("Dashboard view screens")
struct ViewSnapshotTests {
    static func cases(_ name: String) -> [ScreenCase] { DashboardSnapshotTests.cases(name) }

    @Test("the charge-nurse board", arguments: cases("board"))
    func board(_ screen: ScreenCase) {
        var state = ViewFixture.state(size: screen.size)
        ViewFixture.press([.character("b"), .down], on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("the board with more queues than fit: its second page, turned by the clock", arguments: cases("board-paged"))
    func pagedBoard(_ screen: ScreenCase) {
        var settings = DashboardFixture.settings
        settings.opensOnBoard = true
        var state = DashboardState(settings: settings, now: DashboardFixture.now, size: screen.size)
        _ = Dashboard.update(&state, .overviewLoaded(DashboardFixture.overview))
        _ = Dashboard.update(&state, .boardLoaded(BoardAlertTests.manyQueues))
        _ = Dashboard.update(&state, .boardFiguresLoaded(ViewFixture.boardFigures))
        _ = Dashboard.update(&state, .tick(DashboardFixture.now.addingTimeInterval(settings.boardPageEvery)))
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("the read-only wall board after a refused close", arguments: cases("board-read-only"))
    func readOnlyBoard(_ screen: ScreenCase) {
        var settings = DashboardFixture.settings
        settings.readOnly = true
        settings.opensOnBoard = true
        var state = DashboardState(settings: settings, now: DashboardFixture.now, size: screen.size)
        _ = Dashboard.update(&state, .overviewLoaded(DashboardFixture.overview))
        ViewFixture.run([.loadBoard], on: &state)
        ViewFixture.press([.character("c")], on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("the review list", arguments: cases("review"))
    func review(_ screen: ScreenCase) {
        var state = ViewFixture.state(size: screen.size)
        ViewFixture.press([.character("v")], on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("a refused message as received, escaped", arguments: cases("raw-message"))
    func rawMessage(_ screen: ScreenCase) {
        var state = ViewFixture.state(size: screen.size)
        ViewFixture.press([.character("v"), .enter], on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("the reassign picker, narrowed by typing", arguments: cases("reassign-picker"))
    func reassignPicker(_ screen: ScreenCase) {
        var state = ViewFixture.state(size: screen.size)
        ViewFixture.press([.character("r")] + DashboardFixture.type("dr"), on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("the reassign note with the core's refusal", arguments: cases("reassign-note"))
    func reassignNote(_ screen: ScreenCase) {
        var state = ViewFixture.state(size: screen.size)
        ViewFixture.press([.character("r"), .down, .enter, .enter], on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("a queue filtered by name across every queue", arguments: cases("filtered"))
    func filtered(_ screen: ScreenCase) {
        var state = ViewFixture.state(size: screen.size)
        ViewFixture.press([.character("/")] + DashboardFixture.type("jo"), on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("tagged rows", arguments: cases("tagged"))
    func tagged(_ screen: ScreenCase) {
        var state = ViewFixture.state(size: screen.size, cursor: 4)
        ViewFixture.press([.character(" "), .character(" "), .character(" ")], on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("the bulk-close confirmation, one critical excluded", arguments: cases("bulk-confirm"))
    func bulkConfirm(_ screen: ScreenCase) {
        var state = BulkCloseKeyTests.tagged([0, 5, 6])
        state.size = screen.size
        ViewFixture.press([.character("c"), .enter] + DashboardFixture.type("normal results, letter sent") + [.enter],
                          on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("the silent-feed warning in the header and the ticker", arguments: cases("feed-silent"))
    func feedSilent(_ screen: ScreenCase) {
        var state = ViewFixture.state(size: screen.size)
        state.settings.watchdog = FeedWatchdog(hours: ClinicHours(parsing: "07:00-19:00"), silentAfter: 20 * 60,
                                               timeZone: DashboardFixture.utc)
        state.overview.heartbeat?.lastMessageAt = state.now.addingTimeInterval(-47 * 60)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }
}
