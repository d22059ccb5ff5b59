import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

@Suite("Worklist: every queue's open tasks, most urgent first")
struct WorklistKeyTests {
    static let size = GridSize(width: 120, height: 40)
    static let okafor = QueueKey.provider(npi: DashboardFixture.okafor)
    static let chen = QueueKey.provider(npi: DashboardFixture.chen)

    @Test("it opens on the worklist: the queues the user works, most urgent first")
    func opensOnMine() {
        let state = WorklistFixture.state(size: Self.size)
        #expect(state.worklist?.filter == WorklistFilter(mine: true))
        #expect(state.worklist?.myQueues == [Self.okafor, .unassigned])
        // Dr Okafor's routine task arrived earlier than the Unassigned one, so it is due sooner.
        #expect(state.page.rows.map(\.id) == [90, 80])
        #expect(state.worklist?.title(names: { $0.description }) == "Worklist · mine")
    }

    @Test("m toggles mine and all; all puts overdue criticals of every queue first")
    func mineAndAll() {
        var state = WorklistFixture.state(size: Self.size)
        let effects = ViewFixture.press([.character("m")], on: &state)
        #expect(effects == [.loadWorklist(WorklistFilter(mine: false), offset: 0, limit: state.visibleRows)])
        #expect(state.page.rows.map(\.id) == [42, 57, 51, 60, 63, 90, 70, 71, 80])
        #expect(state.page.total == 9)
        #expect(state.cursor == 0)
        ViewFixture.press([.character("m")], on: &state)
        #expect(state.page.rows.map(\.id) == [90, 80])
    }

    @Test("with no queue assigned, mine is every queue and m says why")
    func noAssignment() {
        var state = WorklistFixture.state(size: Self.size, user: "kim")
        #expect(state.worklist?.myQueues == [])
        #expect(state.worklist?.narrowsToMine == false)
        #expect(state.page.total == 9)
        ViewFixture.press([.character("m"), .character("m")], on: &state)
        #expect(state.message?.text == "The roster names no queue for kim: mine is every queue")
        #expect(state.page.total == 9)
    }

    @Test("t cycles the tier: all, critical, abnormal, routine, all")
    func tierCycle() {
        var state = WorklistFixture.state(size: Self.size)
        ViewFixture.press([.character("m")], on: &state)
        var seen: [Urgency?] = []
        var totals: [Int] = []
        for _ in 0..<4 {
            ViewFixture.press([.character("t")], on: &state)
            seen.append(state.worklist?.filter.tier)
            totals.append(state.page.total)
            #expect(state.page.rows.allSatisfy { $0.urgency == state.worklist?.filter.tier ?? $0.urgency })
        }
        #expect(seen == [.critical, .abnormal, .routine, nil])
        #expect(totals == [2, 3, 4, 9])
        #expect(state.worklist?.title(names: { $0.description }) == "Worklist · all")
    }

    @Test("p picks one provider's queue; the tier still applies; p then Enter on the first line clears it")
    func providerPicker() {
        var state = WorklistFixture.state(size: Self.size)
        ViewFixture.press([.character("t")], on: &state)
        ViewFixture.press([.character("p")], on: &state)
        #expect(state.worklist?.picker == 0)
        // Line 0 is every queue, then Unassigned, Dr Ada Chen, …
        ViewFixture.press([.down, .down, .enter], on: &state)
        #expect(state.worklist?.picker == nil)
        #expect(state.worklist?.filter == WorklistFilter(mine: true, tier: .critical, queue: Self.chen))
        #expect(state.page.rows.map(\.id) == [42, 57])
        #expect(state.worklist?.title(names: { $0 == Self.chen ? "Dr Ada Chen" : "?" }) == "Worklist · Dr Ada Chen · critical")
        ViewFixture.press([.character("p")], on: &state)
        #expect(state.worklist?.picker == 2)
        ViewFixture.press([.home, .enter], on: &state)
        #expect(state.worklist?.filter.queue == nil)
    }

    @Test("Esc closes the picker without changing the filter")
    func pickerCancel() {
        var state = WorklistFixture.state(size: Self.size)
        ViewFixture.press([.character("p"), .down, .escape], on: &state)
        #expect(state.worklist?.picker == nil)
        #expect(state.worklist?.filter == WorklistFilter(mine: true))
    }

    @Test("Tab leaves for the selected task's queue; w comes back to the worklist as it was")
    func tabAndBack() {
        var state = WorklistFixture.state(size: Self.size)
        ViewFixture.press([.character("t"), .character("t"), .character("t")], on: &state)
        #expect(state.selectedTask?.id == 90)
        ViewFixture.press([.tab], on: &state)
        #expect(state.shownWorklist == nil)
        #expect(state.selectedQueue == Self.okafor)
        #expect(state.page.rows.map(\.id) == [90])
        ViewFixture.press([.tab], on: &state)
        #expect(state.selectedQueue == .provider(npi: DashboardFixture.park))
        ViewFixture.press([.character("w")], on: &state)
        #expect(state.worklist?.filter == WorklistFilter(mine: true, tier: .routine))
        #expect(state.page.rows.map(\.id) == [90, 80])
    }

    @Test("the board is one key away and Esc returns to the worklist")
    func board() {
        var state = WorklistFixture.state(size: Self.size)
        ViewFixture.press([.character("m"), .character("b")], on: &state)
        #expect(state.screen == .board(cursor: 0))
        ViewFixture.press([.escape], on: &state)
        #expect(state.screen == .queue)
        #expect(state.worklist?.filter == WorklistFilter(mine: false))
        #expect(state.page.rows.prefix(2).map(\.id) == [42, 57])
    }

    @Test("a page read for an earlier filter is dropped, and so are queue pages")
    func staleAnswers() {
        var state = WorklistFixture.state(size: Self.size)
        _ = Dashboard.update(&state, .keyPressed(.character("t")))
        let stale = WorklistPage(filter: WorklistFilter(mine: true), found: FoundTasks(total: 1, rows: [DashboardFixture.okaforTasks[0]]),
                                 myQueues: [])
        _ = Dashboard.update(&state, .worklistLoaded(stale))
        #expect(state.worklist?.myQueues == [Self.okafor, .unassigned])
        let queuePage = QueuePage(key: state.selectedQueue, offset: 0, total: 7, rows: DashboardFixture.chenTasks)
        _ = Dashboard.update(&state, .pageLoaded(queuePage))
        #expect(state.page.total != 7)
    }

    @Test("actions act on the worklist's row; s stays unbound")
    func actionsAndReservedKey() {
        var state = WorklistFixture.state(size: Self.size)
        ViewFixture.press([.character("m")], on: &state)
        let effects = ViewFixture.press([.character("a")], on: &state)
        #expect(effects.contains(.perform(ActionRequest(taskID: 42, action: .acknowledge))))
        let before = state
        #expect(ViewFixture.press([.character("s")], on: &state).isEmpty)
        #expect(state.worklist == before.worklist && state.screen == before.screen)
    }
}
