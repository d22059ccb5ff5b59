import CareQueueCore
import CareQueueStore
import Foundation
import Logging
import StoreFixtures
import TestSupport
import Testing
@testable import CareQueueApp

/// `[retention] closed_after` in the listener's upkeep: a purge at start, then once a day, a chunk a beat.
@Suite("The listener's retention: at start, then once a day")
struct RetentionUpkeepTests {
    private static let logger = Logger(label: "test.retention")
    private let hour: TimeInterval = 3600

    private func purged(_ store: TestStore, _ id: Int64) throws -> Bool {
        try store.count("SELECT count(*) FROM purged_tasks WHERE task_id = \(id)") == 1
    }

    private func closedTask(_ store: TestStore, _ n: Int) throws -> Int64 {
        let id = try store.newTask(Fixture.task(n, .routine))
        try store.act(.close(.reached, note: "ok"), id)
        return id
    }

    @Test("off while closed_after is not set", arguments: StoreKind.available)
    func off(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try closedTask(store, 1)
        store.clock.advance(by: 1000 * 86_400)
        let upkeep = RetentionUpkeep(CareQueueConfig.Retention())
        for _ in 0..<5 { upkeep.step(store.database, at: store.clock.now(), logger: Self.logger) }
        #expect(try !purged(store, id))
    }

    @Test("purges at start, waits a day for the next run, and a reload's setting applies to it", arguments: StoreKind.available)
    func daily(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let first = try closedTask(store, 1)
        var retention = CareQueueConfig.Retention()
        retention.closedAfter = hour
        let upkeep = RetentionUpkeep(retention)
        store.clock.advance(by: 2 * hour)

        upkeep.step(store.database, at: store.clock.now(), logger: Self.logger)   // the tasks' chunk
        #expect(try purged(store, first))
        upkeep.step(store.database, at: store.clock.now(), logger: Self.logger)   // the audit prune: nothing that old

        let second = try closedTask(store, 2)
        store.clock.advance(by: 2 * hour)
        upkeep.step(store.database, at: store.clock.now(), logger: Self.logger)
        #expect(try !purged(store, second), "the next run is a day after the last")

        retention.closedAfter = 30 * 86_400
        upkeep.adopt(retention)
        store.clock.advance(by: 86_400)
        upkeep.step(store.database, at: store.clock.now(), logger: Self.logger)
        #expect(try !purged(store, second), "closed a day ago: not past the reloaded 30 days")

        retention.closedAfter = hour
        upkeep.adopt(retention)
        upkeep.step(store.database, at: store.clock.now(), logger: Self.logger)   // that run's audit prune ends it
        store.clock.advance(by: 86_400 + 1)
        upkeep.step(store.database, at: store.clock.now(), logger: Self.logger)
        #expect(try purged(store, second))
        let purges = try store.database.auditRecords(AuditFilter(action: "purge"))
        #expect(purges.filter { AuditDetails($0.details).string("via") == "listener" }.count == 2)
    }
}
