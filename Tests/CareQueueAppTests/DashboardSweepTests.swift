import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation
import Logging
import StoreFixtures
import TestSupport
import Testing

@Suite("The dashboard's scheduled sweep")
struct DashboardSweepTests {
    static let logger = Logger(label: "test.sweep")

    @Test("it sleeps until the next threshold (a minute at most), and escalates at that instant, not before", arguments: StoreKind.available)
    func escalatesOnTime(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .critical))

        #expect(DashboardSweep.step(store.database, at: Fixture.start + 10 * 60, logger: Self.logger) == 60)
        #expect(DashboardSweep.step(store.database, at: Fixture.start + 30 * 60 - 45, logger: Self.logger) == 45)
        #expect(DashboardSweep.step(store.database, at: Fixture.start + 30 * 60 - 1, logger: Self.logger) == 1)
        #expect(try store.task(id).escalationLevel == 0)

        let after = DashboardSweep.step(store.database, at: Fixture.start + 30 * 60, logger: Self.logger)

        #expect(try store.task(id).escalationLevel == 1)
        #expect(after == 60, "level 2 at twice the window, half an hour on")
        #expect(DashboardSweep.step(store.database, at: Fixture.start + 60 * 60 - 2, logger: Self.logger) == 2)
    }

    @Test("with nothing that can fall due it sleeps the longest; a new Unassigned task escalates on the next look", arguments: StoreKind.available)
    func wokenByWrites(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        #expect(DashboardSweep.step(store.database, at: Fixture.start, logger: Self.logger) == DashboardSweep.longestSleep)

        let id = try store.newTask(Fixture.task(1, .routine, provider: nil))
        _ = DashboardSweep.step(store.database, at: Fixture.start + 1, logger: Self.logger)

        #expect(try store.task(id).escalationLevel == 1)
    }

    @Test("a coverage boundary is a time the sweep wakes for", arguments: StoreKind.available)
    func coverageBoundary(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        try store.database.importCoverage([Coverage(providerNPI: Fixture.drA, coveringNPI: Fixture.drB,
                                                    startsAt: Fixture.start + 30, endsAt: Fixture.start + 50)])
        #expect(DashboardSweep.step(store.database, at: Fixture.start, logger: Self.logger) == 30)
        #expect(DashboardSweep.step(store.database, at: Fixture.start + 30, logger: Self.logger) == 20)
        #expect(DashboardSweep.step(store.database, at: Fixture.start + 50, logger: Self.logger) == DashboardSweep.longestSleep)
    }

    /// SQLite only: on PostgreSQL a transaction in flight anywhere on the server when the sweep
    /// concluded (another database's included: the snapshot is the server's) voids the memory once
    /// it commits, so whether a sweep before the threshold skips depends on the server's traffic.
    @Test("a sweep that found nothing is remembered: the next one before the threshold does no work")
    func quietSweepsAreRemembered() throws {
        let kind = StoreKind.sqlite
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .abnormal))
        #expect(try store.database.runSweep(at: Fixture.start + 60).isEmpty)
        // A hand edit that neither the log nor the roster sees is not looked at until the threshold…
        try store.tamper(kind == .sqlite ? "DROP TRIGGER tasks_update_logs" : "DROP TRIGGER tasks_update_logs ON tasks")
        try store.tamper("UPDATE tasks SET clock_started_at = '2025-12-01T00:00:00Z' WHERE id = \(id)")
        #expect(try store.database.runSweep(at: Fixture.start + 120).isEmpty)
        // …and is at it.
        #expect(try store.database.runSweep(at: Fixture.start + 86_400).escalations.map(\.level) == [1, 2])
    }
}
