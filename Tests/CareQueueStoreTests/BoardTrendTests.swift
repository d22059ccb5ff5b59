import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("The board's counts of criticals not acknowledged and level 2, the newest critical, and the shift trend")
struct BoardTrendTests {
    @Test("waiting counts clocks still running; acknowledging a critical stops it; level 2 is counted apart", arguments: StoreKind.available)
    func waitingAndLevelTwo(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let first = try store.newTask(Fixture.task(1, .critical))
        let second = try store.newTask(Fixture.task(2, .critical))
        #expect(try store.database.newestCriticalWaitingID() == second)
        var critical = try store.database.boardCounts(at: store.clock.now(), dueSoonWithin: 900).first { $0.urgency == .critical }
        #expect(critical?.waiting == 2 && critical?.levelTwo == 0)

        try store.act(.acknowledge, second)
        #expect(try store.database.newestCriticalWaitingID() == first)
        // Long past both escalation levels: the task still waiting reaches level 2.
        store.clock.advance(by: 3 * 3600)
        try store.sweep()
        critical = try store.database.boardCounts(at: store.clock.now(), dueSoonWithin: 900).first { $0.urgency == .critical }
        #expect(critical?.open == 2 && critical?.waiting == 1 && critical?.levelTwo == 1)
        #expect(try store.database.queueCounts(at: store.clock.now()).first?.criticalWaiting == 1)
    }

    @Test("results received and tasks closed per hour, oldest hour first, only the last twelve hours",
          arguments: StoreKind.available)
    func trend(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let start = store.clock.now()
        let early = try store.newTask(Fixture.task(1, .routine))
        store.clock.advance(by: 13 * 3600)  // outside the window by the end
        let inWindow = try store.newTask(Fixture.task(2, .routine))
        _ = try store.newTask(Fixture.task(3, .abnormal))
        store.clock.advance(by: 2 * 3600 + 60)
        // Closed by the lab's cancel (ingest), which both stores take.
        try store.ingest(Fixture.task(1, .routine, status: "X"))
        try store.ingest(Fixture.task(2, .routine, status: "X"))
        #expect(try store.task(early).status == .closed && store.task(inWindow).status == .closed)
        store.clock.advance(by: 30 * 60)

        let trend = try store.database.boardTrend(at: store.clock.now(), hours: 12)
        #expect(store.clock.now().timeIntervalSince(start) > 15 * 3600)
        // Two arrivals 2 h 31 min ago (hour index 12 - 1 - 2), the early one long before; two
        // closures 30 min ago (the last hour).
        #expect(trend.received == [0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0])
        #expect(trend.closed == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2])
    }
}

