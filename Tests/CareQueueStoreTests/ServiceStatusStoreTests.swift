import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore

/// What `status` reads from the store (v13-heartbeat-stopped): a clean stop, and message counts by
/// ACK code from an index.
@Suite("The store for `status` (v13-heartbeat-stopped)")
struct ServiceStatusStoreTests {
    @Test("a clean stop marks the heartbeat stopped; the next beat clears it; another pid's row is left alone")
    func stopped() throws {
        let store = try TestStore()
        let beat = Heartbeat(address: "127.0.0.1:2575", pid: 42, startedAt: Fixture.start, beatAt: Fixture.start,
                             messagesToday: 0, lastMessageAt: nil)
        try store.database.writeHeartbeat(beat)
        try store.database.markHeartbeatStopped(pid: 7, at: Fixture.start + 5)
        #expect(try store.database.heartbeat()?.stoppedAt == nil, "not this listener's row")

        try store.database.markHeartbeatStopped(pid: 42, at: Fixture.start + 5)
        let stopped = try #require(try store.database.heartbeat())
        #expect(stopped.stoppedAt == Fixture.start + 5)
        #expect(stopped.beatAt == Fixture.start + 5)
        #expect(stopped.state(at: Fixture.start + 6) == .stopped(at: Fixture.start + 5))

        try store.database.writeHeartbeat(beat)
        #expect(try store.database.heartbeat()?.stoppedAt == nil, "a new run beats: no longer stopped")
        #expect(try store.database.heartbeat()?.state(at: Fixture.start + 11) == .stale(since: Fixture.start))
    }

    @Test("messages since an instant, by ACK code, read from the messages_received index; the newest arrival")
    func counts() throws {
        let store = try TestStore()
        #expect(try store.database.messageCounts(since: Fixture.start) == [:])
        #expect(try store.database.lastMessageReceivedAt() == nil)
        let rows: [(String, String, String)] = [
            ("C1", "2026-01-01T11:00:00Z", "AA"), ("C2", "2026-01-01T12:00:00Z", "AA"),
            ("C3", "2026-01-01T12:30:00Z", "AE"), ("C4", "2026-01-01T12:45:00Z", "AA"),
        ]
        for (control, at, code) in rows {
            try store.execute("""
                INSERT INTO messages (received_at, peer, sending_application, sending_facility, control_id, version, raw,
                                      ack_code, error_code)
                VALUES ('\(at)', '127.0.0.1:1', 'LAB', 'MAIN', '\(control)', '2.5.1', x'00', '\(code)',
                        \(code == "AA" ? "NULL" : "207"))
                """)
        }
        #expect(try store.database.messageCounts(since: Fixture.start) == ["AA": 2, "AE": 1])
        #expect(try store.database.messageCounts(since: Fixture.start + 40 * 60) == ["AA": 1])
        #expect(try store.database.lastMessageReceivedAt() == Fixture.start + 45 * 60)

        let plan = try store.database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT ack_code, COUNT(*) FROM messages WHERE received_at >= ? GROUP BY ack_code",
                             arguments: ["2026-01-01T12:00:00Z"]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("COVERING INDEX messages_received") }, "\(plan)")
    }
}
