import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation
import StoreFixtures
import Testing

@Suite("Dashboard store adapter: the outbox in the overview and the detail")
struct DashboardOutboxAdapterTests {
    static func storeSendingCloses(_ kind: StoreKind = .sqlite) throws -> TestStore {
        var config = CareQueueConfig()
        config.outbound = CareQueueConfig.Outbound(host: "127.0.0.1", port: 9)
        return try TestStore.lifecycle(kind, config: config)
    }

    /// A routine task received and closed: with `[outbound]`, one close waits in the outbox.
    @discardableResult
    static func closedTask(_ n: Int, in store: TestStore) throws -> Int64 {
        let id = try store.newTask(Fixture.task(n, .routine))
        try store.act(.close(.notNeeded, note: "duplicate order"), id)
        return id
    }

    /// Sends row `id` as the delivery worker would, and has the EHR refuse it with `reason`.
    static func refuse(_ id: Int64, _ reason: String, in store: TestStore) throws {
        #expect(try store.database.beginOutboxSend(id, at: store.clock.now()))
        try store.database.recordOutboxVerdict(id, .refused(code: String(reason.prefix(2)), ack: "MSA|\(reason.prefix(2))|x", reason: reason),
                                               at: store.clock.now(), retryCap: 60)
    }

    @Test("a closure waits in the overview's outbox and the task's detail; once the EHR refuses it, it counts as failed with the EHR's words", arguments: StoreKind.available)
    func waitingThenRefused(kind: StoreKind) throws {
        let store = try Self.storeSendingCloses(kind)
        let id = try Self.closedTask(1, in: store)
        let adapter = try DashboardStoreAdapter(database: store.database)

        let waiting = try adapter.overview(at: store.clock.now()).outbox
        #expect((waiting.waiting, waiting.failed, waiting.oldestWaitingAt) == (1, 0, store.clock.now()))
        let row = try #require(try adapter.taskDetail(id: id)?.outbox.first)
        #expect((row.event, row.status) == (.close, .waiting))

        store.clock.advance(by: 60)
        try Self.refuse(row.id, "AE: unknown patient", in: store)

        let refused = try adapter.overview(at: store.clock.now()).outbox
        #expect((refused.waiting, refused.failed) == (0, 1))
        #expect(refused.recentFailures.map(\.lastError) == ["AE: unknown patient"])
        #expect(refused.recentFailures.first?.taskID == id)
        #expect(refused.recentFailures.first?.patient.isEmpty == false)
        #expect(try adapter.taskDetail(id: id)?.outbox.map(\.status) == [.failed])
    }

    @Test("the ticker reads at most the latest few refusals", arguments: StoreKind.available)
    func refusalsCapped(kind: StoreKind) throws {
        let store = try Self.storeSendingCloses(kind)
        for n in 1...(DashboardStoreAdapter.outboxFailureLimit + 2) {
            try Self.closedTask(n, in: store)
        }
        store.clock.advance(by: 60)
        for row in try store.database.outboxEntries(status: .waiting) {
            try Self.refuse(row.id, "AR", in: store)
        }

        let outbox = try DashboardStoreAdapter(database: store.database).overview(at: store.clock.now()).outbox

        #expect(outbox.failed == DashboardStoreAdapter.outboxFailureLimit + 2)
        #expect(outbox.recentFailures.count == DashboardStoreAdapter.outboxFailureLimit)
    }

    @Test("without [outbound] nothing is written: the overview's outbox says nothing and the detail has no EHR rows", arguments: StoreKind.available)
    func nothingConfigured(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try Self.closedTask(1, in: store)
        let adapter = try DashboardStoreAdapter(database: store.database)

        let outbox = try adapter.overview(at: store.clock.now()).outbox
        #expect(outbox == OutboxSummary())
        #expect(outbox.headerText(at: store.clock.now()) == nil)
        #expect(try adapter.taskDetail(id: id)?.outbox.isEmpty == true)
    }
}
