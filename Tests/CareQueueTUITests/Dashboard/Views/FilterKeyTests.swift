import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

@Suite("Filter: any patient in two keystrokes")
struct FilterKeyTests {
    static let size = GridSize(width: 120, height: 40)

    @Test("/ then typing reads matches from every queue, narrowing with each key")
    func narrowsAsYouType() {
        var state = ViewFixture.state(size: Self.size)
        ViewFixture.press([.character("/")], on: &state)
        #expect(state.filter == PatientFilter(text: "", editing: true))
        let effects = ViewFixture.press([.character("o")], on: &state)
        #expect(effects == [.loadMatches(text: "o", offset: 0, limit: state.visibleRows)])
        let broad = state.page.total
        ViewFixture.press(DashboardFixture.type("'b"), on: &state)
        #expect(state.page.total < broad)
        #expect(state.page.rows.map(\.id) == [70])
        #expect(state.selectedTask?.id == 70)
    }

    @Test("an MRN finds the task in another queue; actions then act on it")
    func findsAcrossQueues() {
        var state = ViewFixture.state(size: Self.size)
        ViewFixture.press([.character("/")] + DashboardFixture.type("S-0090") + [.enter], on: &state)
        #expect(state.filter == PatientFilter(text: "S-0090", editing: false))
        #expect(state.selectedTask?.id == 90)
        #expect(state.selectedTask?.assignedNPI == ViewFixture.okafor)
        ViewFixture.press([.character("a")], on: &state)
        #expect(state.actionsInFlight == 1)
    }

    @Test("matches for text typed over are dropped, and so are queue pages while filtering")
    func staleAnswersDropped() {
        var state = ViewFixture.state(size: Self.size)
        _ = Dashboard.update(&state, .keyPressed(.character("/")))
        _ = Dashboard.update(&state, .keyPressed(.character("M")))
        let stale = QueuePage(key: state.selectedQueue, offset: 0, total: 5, rows: DashboardFixture.chenTasks)
        _ = Dashboard.update(&state, .matchesLoaded(text: "X", stale))
        _ = Dashboard.update(&state, .pageLoaded(stale))
        #expect(state.page.total == 0)
    }

    @Test("when the store stopped counting matches, the title and the find line say 'at least'")
    func countStoppedAtALimit() {
        var state = ViewFixture.state(size: Self.size)
        _ = Dashboard.update(&state, .keyPressed(.character("/")))
        _ = Dashboard.update(&state, .keyPressed(.character("o")))
        let page = QueuePage(key: state.selectedQueue, offset: 0, total: 2, totalIsLowerBound: true,
                             rows: Array(DashboardFixture.chenTasks.prefix(2)))
        _ = Dashboard.update(&state, .matchesLoaded(text: "o", page))

        let lines = DashboardView.render(state, size: Self.size).lines

        #expect(lines.contains { $0.contains("Find \"o\" in all queues · 2+ open matches") })
        #expect(lines.contains { $0.contains("Find (MRN or name): o█ · 2+ matches in all queues") })
        ViewFixture.press([.enter, .end], on: &state)
        #expect(state.cursor == 1, "the cursor goes as far as the matches counted")
    }

    @Test("Esc clears the filter and re-reads the selected queue")
    func escapeClears() {
        var state = ViewFixture.state(size: Self.size)
        ViewFixture.press([.character("/")] + DashboardFixture.type("nguy"), on: &state)
        #expect(state.page.rows.map(\.id) == [60])
        let effects = ViewFixture.press([.escape], on: &state)
        #expect(state.filter == nil)
        #expect(effects.contains(.loadPage(.provider(npi: ViewFixture.chen), offset: 0, limit: state.visibleRows)))
        #expect(state.page.total == DashboardFixture.chenTasks.count)
    }

    @Test("Esc after Enter still clears; Backspace and Ctrl-U edit")
    func editing() {
        var state = ViewFixture.state(size: Self.size)
        ViewFixture.press([.character("/")] + DashboardFixture.type("garx") + [.backspace], on: &state)
        #expect(state.filter?.text == "gar")
        ViewFixture.press([.control("u")], on: &state)
        #expect(state.filter?.text == "")
        ViewFixture.press(DashboardFixture.type("gar") + [.enter, .escape], on: &state)
        #expect(state.filter == nil)
    }

    @Test("switching queue drops the filter")
    func tabDropsFilter() {
        var state = ViewFixture.state(size: Self.size)
        ViewFixture.press([.character("/")] + DashboardFixture.type("doe") + [.enter, .tab], on: &state)
        #expect(state.filter == nil)
        #expect(state.selectedQueue == .provider(npi: ViewFixture.okafor))
    }
}
