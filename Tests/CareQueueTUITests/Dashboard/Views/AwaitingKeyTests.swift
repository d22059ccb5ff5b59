import CareQueueCore
@testable import CareQueueTUI
import Foundation
import Testing

@Suite("The awaiting view: opened with o, moved, paged, switched, left")
struct AwaitingKeyTests {
    static let size = GridSize(width: 80, height: 24)
    static let chen = QueueKey.provider(npi: DashboardFixture.chen)

    /// `keys` pressed in turn, their loads answered from `data`; every effect asked for.
    @discardableResult
    static func press(_ keys: [Key], on state: inout DashboardState, data: FakeViewData = FakeViewData()) -> [DashboardEffect] {
        keys.flatMap { key in
            let effects = Dashboard.update(&state, .keyPressed(key))
            ViewFixture.run(effects, on: &state, data: data)
            return effects
        }
    }

    @Test("o on a queue lists that queue's awaiting orders, late first, then oldest")
    func opensOnTheSelectedQueue() {
        var state = AwaitingFixture.state(size: Self.size)
        let effects = Self.press([.character("o")], on: &state)
        #expect(effects == [.loadAwaiting(.queue(Self.chen), offset: 0, limit: state.visibleRows)])
        #expect(state.screen == .awaiting)
        let list = try! #require(state.awaiting)
        #expect(list.scope == .queue(Self.chen) && list.cursor == 0)
        // The late STAT potassium (2h30 old, 2h allowed) and the 31-day referral, then by age.
        #expect(list.page.rows.map(\.order.id) == [2, 1, 3, 4, 5])
        #expect(list.page.total == 5 && list.page.late == 2)
    }

    @Test("moving: ↓ j End G Home k, clamped at both ends")
    func moves() {
        var state = AwaitingFixture.state(size: Self.size)
        Self.press([.character("o"), .down, .character("j")], on: &state)
        #expect(state.awaiting?.cursor == 2)
        Self.press([.end], on: &state)
        #expect(state.awaiting?.cursor == 4 && state.awaiting?.selected?.order.id == 5)
        Self.press([.down], on: &state)
        #expect(state.awaiting?.cursor == 4)
        Self.press([.home, .character("k")], on: &state)
        #expect(state.awaiting?.cursor == 0)
    }

    @Test("paging through a list longer than the screen reads the window the cursor reached")
    func pages() {
        let data = FakeViewData()
        data.awaitingItems = (1...40).map { index in
            AwaitingFixture.item(Int64(index), patient: "Patient \(index)", mrn: "M\(index)", test: "TSH", placer: "P\(index)",
                                 age: AwaitingFixture.hours(Double(100 - index)))
        }
        var state = AwaitingFixture.state(size: Self.size)
        Self.press([.character("o")], on: &state, data: data)
        let visible = state.visibleRows
        let effects = Self.press([.pageDown, .pageDown], on: &state, data: data)
        #expect(effects.last == .loadAwaiting(.queue(Self.chen), offset: 2 * visible - visible + 1, limit: visible))
        #expect(state.awaiting?.cursor == 2 * visible)
        #expect(state.awaiting?.selected?.order.id == Int64(2 * visible + 1))
        Self.press([.end], on: &state, data: data)
        #expect(state.awaiting?.cursor == 39 && state.awaiting?.scroll == 40 - visible)
        #expect(state.awaiting?.selected?.order.placerNumber == "P40")
    }

    @Test("Enter on a row with a result opens its task; Esc there comes back to the list")
    func opensTheResultTask() {
        var state = AwaitingFixture.state(size: Self.size)
        Self.press([.character("o"), .down, .down, .down], on: &state)
        #expect(state.awaiting?.selected?.order.resultTaskID == 57)
        let effects = Self.press([.enter], on: &state)
        #expect(effects.contains(.loadDetail(taskID: 57)) && effects.contains(.recordAccess(.taskViewed(taskID: 57))))
        guard case .detail(57, _, _) = state.screen else {
            Issue.record("not on task 57's detail: \(state.screen)")
            return
        }
        let back = Self.press([.escape], on: &state)
        #expect(state.screen == .awaiting && state.awaiting?.cursor == 3)
        #expect(back == [.loadAwaiting(.queue(Self.chen), offset: 0, limit: state.visibleRows)])
    }

    @Test("Enter on an order with no result yet says so and opens nothing")
    func noResultNoTask() {
        var state = AwaitingFixture.state(size: Self.size)
        Self.press([.character("o")], on: &state)
        #expect(Self.press([.enter], on: &state) == [])
        #expect(state.screen == .awaiting)
        #expect(state.message?.text == "Referral RF-77: no result yet, so no task to open")
    }

    @Test("Esc and o go back to the queue; from the board back to the board")
    func closes() {
        var state = AwaitingFixture.state(size: Self.size)
        Self.press([.character("o"), .escape], on: &state)
        #expect(state.screen == .queue && state.selectedQueue == Self.chen)
        Self.press([.character("o"), .character("o")], on: &state)
        #expect(state.screen == .queue)
        Self.press([.character("b"), .down, .character("o")], on: &state)
        #expect(state.awaiting?.scope == .all && state.screen == .awaiting)
        let effects = Self.press([.escape], on: &state)
        #expect(state.screen == .board(cursor: 1) && effects == [.loadBoard])
    }

    @Test("from the worklist across queues, every queue's orders, with the queue as a column")
    func fromTheWorklist() {
        var state = WorklistFixture.state(size: Self.size)
        Self.press([.character("o")], on: &state)
        #expect(state.awaiting?.scope == .all)
        #expect(state.awaiting?.page.total == AwaitingFixture.items.count)
        #expect(state.awaiting?.page.rows.first?.order.id == 2)
    }

    @Test("Tab steps through every queue, then each queue; the queue behind follows")
    func switchesQueues() {
        var state = AwaitingFixture.state(size: Self.size)
        Self.press([.character("o"), .down, .tab], on: &state)
        let okafor = QueueKey.provider(npi: DashboardFixture.okafor)
        #expect(state.awaiting?.scope == .queue(okafor) && state.awaiting?.cursor == 0)
        #expect(state.awaiting?.page.rows.map(\.order.id) == [6])
        #expect(state.selectedQueue == okafor)
        Self.press([.backTab, .backTab, .backTab], on: &state)
        #expect(state.awaiting?.scope == .all && state.awaiting?.page.total == 7)
        Self.press([.backTab], on: &state)
        #expect(state.awaiting?.scope == .queue(.provider(npi: DashboardFixture.park)))
        #expect(state.awaiting?.page.total == 0)
    }

    @Test("a store change re-reads the list, and the cursor stays on its order as rows come and go")
    func refreshesOnChange() {
        let data = FakeViewData()
        var state = AwaitingFixture.state(size: Self.size)
        Self.press([.character("o"), .down, .down], on: &state, data: data)
        #expect(state.awaiting?.selected?.order.id == 3)
        // The referral's consult note arrived: it no longer awaits.
        data.awaitingItems.removeAll { $0.order.id == 2 }
        let effects = Dashboard.update(&state, .storeChanged)
        #expect(effects.contains(.loadAwaiting(.queue(Self.chen), offset: 0, limit: state.visibleRows)))
        ViewFixture.run(effects, on: &state, data: data)
        #expect(state.awaiting?.selected?.order.id == 3 && state.awaiting?.cursor == 1)
        #expect(state.awaiting?.page.total == 4)
    }

    @Test("a read-only wall opens it too: it changes nothing")
    func wallOpensIt() {
        var state = AwaitingFixture.state(size: Self.size)
        state.settings.readOnly = true
        Self.press([.character("o")], on: &state)
        #expect(state.screen == .awaiting && state.message == nil)
    }
}
