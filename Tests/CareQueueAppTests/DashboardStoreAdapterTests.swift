import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation
import StoreFixtures
import Testing

@Suite("Dashboard store adapter: which queues exist and in what order")
struct DashboardStoreAdapterTests {
    @Test("Unassigned comes first even when empty, then every ordering provider by name; coordinators own no queue", arguments: StoreKind.available)
    func queueOrder(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        _ = try store.newTask(Fixture.task(1, .critical, provider: Fixture.drB))
        let overview = try DashboardStoreAdapter(database: store.database).overview(at: store.clock.now())

        #expect(overview.queues.map(\.name) == ["Unassigned", "Dr A", "Dr B", "Dr C"])
        #expect(overview.queues.first?.key == .unassigned)
        #expect(overview.queues.first?.open == 0)
        let drB = try #require(overview.queues.first { $0.key == .provider(npi: Fixture.drB) })
        #expect((drB.open, drB.critical) == (1, 1))
        #expect(overview.providerNames[Fixture.coordinator] == "Coordinator")
    }

    @Test("an NPI holding tasks but off the roster still gets a queue, named by its NPI", arguments: StoreKind.available)
    func offRosterQueue(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let stranger = Fixture.npi("987654321")
        _ = try store.newTask(Fixture.task(2, .abnormal, provider: stranger))
        let overview = try DashboardStoreAdapter(database: store.database).overview(at: store.clock.now())

        // Off the roster means Unassigned at receipt, so the stranger shows only once a task is theirs.
        let queue = overview.queues.first { $0.key == .provider(npi: stranger) }
        #expect(queue == nil)
        #expect(overview.queues[0].open == 1)
    }

    @Test("a queue page is a window of the queue, most urgent first, with its total", arguments: StoreKind.available)
    func queuePage(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let routine = try store.newTask(Fixture.task(1, .routine))
        let critical = try store.newTask(Fixture.task(2, .critical))
        let abnormal = try store.newTask(Fixture.task(3, .abnormal))
        let adapter = try DashboardStoreAdapter(database: store.database)

        let page = try adapter.queuePage(.provider(npi: Fixture.drA), offset: 1, limit: 1, at: store.clock.now())

        #expect(page.total == 3)
        #expect(page.offset == 1)
        #expect(page.rows.map(\.id) == [abnormal])
        #expect(try adapter.queuePage(.provider(npi: Fixture.drA), offset: 0, limit: 5, at: store.clock.now())
            .rows.map(\.id) == [critical, abnormal, routine])
    }

    @Test("the ticker names the task's queue and tier for each recorded escalation", arguments: StoreKind.available)
    func ticker(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .critical))
        store.clock.advance(by: 3 * 3600)
        _ = try store.sweep()
        let overview = try DashboardStoreAdapter(database: store.database).overview(at: store.clock.now())

        #expect(!overview.ticker.isEmpty)
        #expect(overview.ticker.allSatisfy { $0.taskID == id && $0.queueName == "Dr A" && $0.urgency == .critical })
    }

    @Test("the detail of a task carries its attempts and audit as history lines", arguments: StoreKind.available)
    func detail(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .critical))
        _ = try store.act(.attempt(.noAnswer, note: "rang twice"), id, by: "sam")
        let detail = try #require(try DashboardStoreAdapter(database: store.database).taskDetail(id: id))

        #expect(detail.task.id == id)
        #expect(detail.history?.attempts.map(\.what) == ["no-answer: rang twice"])
        #expect(detail.history?.attempts.map(\.who) == ["sam"])
        #expect(detail.history?.audit.last?.what.hasPrefix("attempt") == true)
        #expect(try DashboardStoreAdapter(database: store.database).taskDetail(id: 999) == nil)
    }
}
