import CareQueueCore
import Foundation
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("Data for the dashboard: heartbeat, data_version, counts")
struct DashboardDataTests {
    @Test("the heartbeat row is written, replaced and read back", arguments: StoreKind.available)
    func heartbeat(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        #expect(try store.database.heartbeat() == nil)
        let first = Heartbeat(address: "127.0.0.1:2575", pid: 42, startedAt: Fixture.start, beatAt: Fixture.start,
                              messagesToday: 0, lastMessageAt: nil)
        try store.database.writeHeartbeat(first)
        var second = first
        second.beatAt = Fixture.start + 5
        second.messagesToday = 3
        second.lastMessageAt = Fixture.start + 4

        try store.database.writeHeartbeat(second)

        #expect(try store.database.heartbeat() == second)
        #expect(try store.count("SELECT COUNT(*) FROM listener_heartbeat") == 1)
    }

    @Test("data_version changes after a commit by another connection, and only then")
    func dataVersion() throws {
        let store = try TestStore()
        let poller = try DataVersionPoller(database: store.database)
        _ = try poller.changed()
        #expect(try poller.changed() == false)

        try store.ingest(Fixture.result("C1", Fixture.order(observations: [Fixture.potassium()])))

        #expect(try poller.changed() == true)
        #expect(try poller.changed() == false)
    }

    @Test("a poller on a missing database throws")
    func pollerMissing() {
        #expect(throws: StoreError.noDatabase(path: "/nonexistent/carequeue.sqlite")) {
            _ = try DataVersionPoller(path: "/nonexistent/carequeue.sqlite")
        }
    }

    @Test("queue counts: open, overdue at the due instant, critical; Unassigned first")
    func queueCounts() throws {
        let store = try TestStore()
        try store.ingest(Fixture.result("C1", Fixture.order(filler: "F1", placer: "P1", observations: [
            Fixture.potassium("7.0", flags: ["HH"]),
        ])))
        try store.ingest(Fixture.result("C2", Fixture.order(filler: "F2", placer: "P2", observations: [Fixture.potassium()])))
        try store.ingest(Fixture.result("C3", Fixture.order(filler: "F3", placer: "P3", provider: nil,
                                                           observations: [Fixture.potassium()])))
        try store.ingest(Fixture.result("C4", Fixture.order(filler: "F4", placer: "P4", status: "X", observations: [])))

        let justBefore = try store.database.queueCounts(at: Fixture.start + 30 * 60 - 1)
        let atDue = try store.database.queueCounts(at: Fixture.start + 30 * 60)

        var drA = QueueCounts(providerNPI: Fixture.drA, open: 2, overdue: 0, critical: 1)
        drA.criticalWaiting = 1
        #expect(justBefore == [QueueCounts(providerNPI: nil, open: 1, overdue: 0, critical: 0), drA])
        drA.overdue = 1
        #expect(atDue[1] == drA)
    }

    @Test("stored instants round-trip as UTC ISO 8601 Z, whole seconds", arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (1_767_268_800.999, "2026-01-01T12:00:00Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
    ])
    func storeTime(seconds: Double, text: String) {
        #expect(StoreTime.text(Date(timeIntervalSince1970: seconds)) == text)
        #expect(StoreTime.date(text) == Date(timeIntervalSince1970: seconds.rounded(.down)))
    }

    @Test("text that is not a stored instant does not parse", arguments: [
        "2026-01-01 12:00:00", "2026-01-01T12:00:00+01:00", "2026-13-01T12:00:00Z", "",
    ])
    func storeTimeRejects(text: String) {
        #expect(StoreTime.date(text) == nil)
    }
}
