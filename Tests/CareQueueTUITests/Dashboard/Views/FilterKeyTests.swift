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
        #expect(effects == [.loadMatches(text: "o", closed: false, offset: 0, limit: state.visibleRows)])
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
        _ = Dashboard.update(&state, .matchesLoaded(text: "X", closed: false, stale))
        _ = Dashboard.update(&state, .matchesLoaded(text: "M", closed: true, stale))
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
        _ = Dashboard.update(&state, .matchesLoaded(text: "o", closed: false, page))

        let lines = DashboardView.render(state, size: Self.size).lines

        #expect(lines.contains { $0.contains("Find \"o\" in all queues · 2+ open matches") })
        #expect(lines.contains { $0.contains("Find (MRN, name or test): o█ · 2+ open matches") })
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

    /// A closed result for García, José (the fixture's queues hold only open tasks).
    static let closedGarcia = DashboardFixture.task(91, .abnormal, patient: "García, José", mrn: "G-5512",
                                                    test: "Basic metabolic panel", value: "5.9", flags: ["H"],
                                                    age: 3 * 86_400, status: .closed, stopped: true)

    @Test("folding: jose finds José, nguyen Nguyễn, Müller typed MULLER; the test's name finds too; no needle spans two parts",
          arguments: [
              ("jose", [51, 63]), ("nguyen", [60]), ("MULLER", [42]), ("potassium", [42]), ("TROPON", [57]),
              ("hemo", [51]), ("5512garcia", []), ("0234 muller", []), ("potassium müller", []),
          ])
    func folding(typed: String, expected: [Int64]) {
        var state = ViewFixture.state(size: Self.size)
        ViewFixture.press([.character("/")] + DashboardFixture.type(typed), on: &state)
        #expect(Set(state.page.rows.map(\.id)) == Set(expected), "\(typed)")
        #expect(state.page.total == expected.count)
    }

    @Test("Tab adds closed tasks after the open ones, marked closed; Tab again leaves them out")
    func includesClosed() {
        var state = ViewFixture.state(size: Self.size)
        let data = FakeViewData()
        data.closed = [Self.closedGarcia]
        func press(_ keys: [Key]) -> [DashboardEffect] {
            var all: [DashboardEffect] = []
            for key in keys {
                let effects = Dashboard.update(&state, .keyPressed(key))
                all += effects
                ViewFixture.run(effects, on: &state, data: data)
            }
            return all
        }
        _ = press([.character("/")] + DashboardFixture.type("garcia"))
        #expect(state.page.rows.map(\.id) == [51])
        let effects = press([.tab])
        #expect(state.filter == PatientFilter(text: "garcia", editing: true, includesClosed: true))
        #expect(effects == [.loadMatches(text: "garcia", closed: true, offset: 0, limit: state.visibleRows)])
        #expect(state.page.rows.map(\.id) == [51, 91])
        #expect(state.page.split == MatchSplit(open: MatchCount(1), closed: MatchCount(1)))

        let lines = DashboardView.render(state, size: Self.size).lines
        #expect(lines.contains { $0.contains("Find \"garcia\" in all queues · 1 open, 1 closed matches") })
        #expect(lines.contains { $0.contains("Find (MRN, name or test): garcia█ · 1 open, 1 closed matches") })
        #expect(lines.contains { $0.contains("Tab closed too") } == false)
        #expect(lines.contains { $0.contains("Tab open only") })
        let rows = lines.filter { $0.contains("García") }
        #expect(rows.count == 2 && !rows[0].contains("closed") && rows[1].contains("closed"),
                "the closed result says so on its row: \(rows)")

        _ = press([.tab])
        #expect(state.page.rows.map(\.id) == [51])
        #expect(DashboardView.render(state, size: Self.size).lines.contains { $0.contains("Tab closed too") })
    }

    @Test("closed tasks are searched from three characters: the title says so below that")
    func closedNeedsThreeCharacters() {
        var state = ViewFixture.state(size: Self.size)
        ViewFixture.press([.character("/"), .tab] + DashboardFixture.type("ga"), on: &state)
        #expect(state.filter?.includesClosed == true)
        #expect(state.page.split == nil)
        let lines = DashboardView.render(state, size: Self.size).lines
        #expect(lines.contains { $0.contains("open match · closed from 3 characters") })
    }

    @Test("Enter keeps the closed choice; / again edits with it, Esc forgets it")
    func closedChoiceKept() {
        var state = ViewFixture.state(size: Self.size)
        ViewFixture.press([.character("/"), .tab] + DashboardFixture.type("jose") + [.enter, .character("/")], on: &state)
        #expect(state.filter == PatientFilter(text: "jose", editing: true, includesClosed: true))
        ViewFixture.press([.escape, .character("/")], on: &state)
        #expect(state.filter == PatientFilter(text: "", editing: true, includesClosed: false))
    }
}
