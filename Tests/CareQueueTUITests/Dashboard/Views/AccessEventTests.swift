import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

@Suite("Access events the dashboard asks to record")
struct AccessEventTests {
    static let size = GridSize(width: 120, height: 40)

    @Test("a task's detail is recorded once per opening: not on reloads or scrolling; opening it again or another one is a new view")
    func taskViewed() throws {
        var state = ViewFixture.state(size: Self.size, cursor: 0)
        var effects = ViewFixture.press([.enter], on: &state)
        #expect(LockFixture.accessEvents(effects) == [.taskViewed(taskID: 42)])

        let detail = try DashboardFixture.data().taskDetail(id: 42)
        effects = Dashboard.update(&state, .detailLoaded(taskID: 42, detail))
        effects += Dashboard.update(&state, .storeChanged)
        effects += Dashboard.update(&state, .tick(LockFixture.at(30)))
        effects += ViewFixture.press([.down, .pageDown, .end, .home, .character(" ")], on: &state)
        #expect(LockFixture.accessEvents(effects).isEmpty)

        effects = ViewFixture.press([.escape, .enter, .escape, .down, .enter], on: &state)
        #expect(LockFixture.accessEvents(effects) == [.taskViewed(taskID: 42), .taskViewed(taskID: 57)])
    }

    @Test("the raw message view is recorded when it opens, not when it scrolls")
    func rawMessageViewed() {
        var state = ViewFixture.state(size: Self.size)
        var effects = ViewFixture.press([.character("v"), .enter], on: &state)
        #expect(LockFixture.accessEvents(effects) == [.rawMessageViewed(messageID: 7)])
        effects = ViewFixture.press([.down, .pageDown], on: &state) + Dashboard.update(&state, .storeChanged)
        #expect(LockFixture.accessEvents(effects).isEmpty)
        effects = ViewFixture.press([.escape, .down, .enter], on: &state)
        #expect(LockFixture.accessEvents(effects) == [.rawMessageViewed(messageID: 9)])
    }

    @Test("the queue, the board, the review list and the filter record nothing")
    func listsAreNotViews() {
        var state = ViewFixture.state(size: Self.size)
        let effects = ViewFixture.press([.down, .tab, .character("b"), .down, .escape, .character("v"), .down, .escape,
                                         .character("/")] + DashboardFixture.type("jo") + [.enter], on: &state)
        #expect(LockFixture.accessEvents(effects).isEmpty)
    }
}
