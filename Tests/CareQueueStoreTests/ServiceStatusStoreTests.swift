import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
import TestSupport
@testable import CareQueueStore

/// What `status` reads from the store (v13-heartbeat-stopped, v22-listener-hosts): a clean stop,
/// one heartbeat per listener host, and message counts by ACK code from an index.
@Suite("The store for `status` (v13-heartbeat-stopped, v22-listener-hosts)")
struct ServiceStatusStoreTests {
    static func beat(host: String = "app1", pid: Int32 = 42, at: Date = Fixture.start) -> Heartbeat {
        Heartbeat(address: "127.0.0.1:2575", pid: pid, startedAt: Fixture.start, beatAt: at, messagesToday: 0,
                  lastMessageAt: nil, host: host)
    }

    @Test("a clean stop marks the heartbeat stopped; the next beat clears it; another pid's row is left alone",
          arguments: StoreKind.available)
    func stopped(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let beat = Self.beat()
        try store.database.writeHeartbeat(beat)
        try store.database.markHeartbeatStopped(pid: 7, host: "app1", at: Fixture.start + 5)
        #expect(try store.database.heartbeat()?.stoppedAt == nil, "not this listener's row")
        try store.database.markHeartbeatStopped(pid: 42, host: "app2", at: Fixture.start + 5)
        #expect(try store.database.heartbeat()?.stoppedAt == nil, "not this host's row")

        try store.database.markHeartbeatStopped(pid: 42, host: "app1", at: Fixture.start + 5)
        let stopped = try #require(try store.database.heartbeat())
        #expect(stopped.stoppedAt == Fixture.start + 5)
        #expect(stopped.beatAt == Fixture.start + 5)
        #expect(stopped.host == "app1")
        #expect(stopped.state(at: Fixture.start + 6) == .stopped(at: Fixture.start + 5))

        try store.database.writeHeartbeat(beat)
        #expect(try store.database.heartbeat()?.stoppedAt == nil, "a new run beats: no longer stopped")
        #expect(try store.database.heartbeat()?.state(at: Fixture.start + 11) == .stale(since: Fixture.start))
    }

    @Test("a listener's heartbeat is keyed by its host; this process beats under this machine's name")
    func thisHost() {
        #expect(!Heartbeat.thisHost.isEmpty)
        let beat = Heartbeat(address: "127.0.0.1:2575", pid: 42, startedAt: Fixture.start, beatAt: Fixture.start,
                             messagesToday: 0, lastMessageAt: nil)
        #expect(beat.host == Heartbeat.thisHost)
    }

    @Test("SQLite keeps one heartbeat row (one listener per file): a beat from another host replaces it")
    func oneRowOnSQLite() throws {
        let store = try TestStore()
        try store.database.writeHeartbeat(Self.beat(host: "app1"))
        try store.database.writeHeartbeat(Self.beat(host: "app2", pid: 43, at: Fixture.start + 3))
        #expect(try store.database.heartbeats().map(\.host) == ["app2"])
        #expect(try store.count("SELECT COUNT(*) FROM listener_heartbeat") == 1)
    }

    @Test("two hosts' listeners on one PostgreSQL database keep a row each; a running one comes first, then the latest beat",
          .enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.skipNote)))
    func oneRowPerHostOnPostgres() throws {
        let url = try StoreKind.freshPostgresURL()
        let first = try StoreKind.openPostgres(url)
        let second = try StoreKind.openPostgres(url)
        try first.writeHeartbeat(Self.beat(host: "app1", pid: 42, at: Fixture.start + 1))
        try second.writeHeartbeat(Self.beat(host: "app2", pid: 42, at: Fixture.start + 2))
        try first.writeHeartbeat(Self.beat(host: "app1", pid: 42, at: Fixture.start + 4))

        #expect(try first.heartbeats().map(\.host) == ["app1", "app2"], "latest beat first")
        #expect(try second.heartbeats().map(\.beatAt) == [Fixture.start + 4, Fixture.start + 2])

        try first.markHeartbeatStopped(pid: 42, host: "app1", at: Fixture.start + 6)
        #expect(try second.heartbeats().map(\.host) == ["app2", "app1"], "a stopped listener after one not stopped")
        #expect(try second.heartbeat()?.host == "app2")
        #expect(try first.heartbeats().map { $0.state(at: Fixture.start + 7) } == [.running, .stopped(at: Fixture.start + 6)])
    }

    @Test("v22 keeps the single heartbeat row under an empty host; the listener's next beat replaces it")
    func migration() throws {
        let setup = try TestStore()
        let path = setup.directory.appendingPathComponent("v21.sqlite").path
        do {
            let pool = try DatabasePool(path: path)
            try Schema.migrator.migrate(pool, upTo: Schema.retentionMigration)
            try pool.write { db in
                try db.execute(sql: """
                    INSERT INTO listener_heartbeat (id, address, pid, started_at, beat_at, messages_today, stopped_at)
                    VALUES (1, '127.0.0.1:2575', 42, '2026-01-01T12:00:00Z', '2026-01-01T12:00:05Z', 3, '2026-01-01T12:00:05Z')
                    """)
            }
        }
        let database = try CareQueueDatabase(path: path, access: .existing)
        let kept = try #require(try database.heartbeat())
        #expect(kept.host == "" && kept.pid == 42 && kept.messagesToday == 3)
        #expect(kept.state(at: Fixture.start + 60) == .stopped(at: Fixture.start + 5))

        try database.writeHeartbeat(Self.beat(host: "app1", pid: 77, at: Fixture.start + 60))
        #expect(try database.heartbeats().map(\.host) == ["app1"])
    }

    @Test("PostgreSQL's v22 also keeps the old row under an empty host, until a listener beats",
          .enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.skipNote)))
    func migrationOnPostgres() throws {
        let url = try PostgresTestServer.freshDatabase(prefix: "v21")
        let baseline = try PostgresTestServer.psql(url, ["--single-transaction"], input: PostgresSchema.baseline + """
            INSERT INTO listener_heartbeat (id, address, pid, started_at, beat_at, messages_today)
            VALUES (1, '10.0.0.5:2575', 42, '2026-01-01T12:00:00Z', '2026-01-01T12:00:05Z', 3);

            """)
        #expect(baseline.status == 0, "\(baseline.stderr)")
        let database = try StoreKind.openPostgres(url)
        let kept = try #require(try database.heartbeat())
        #expect(kept.host == "" && kept.address == "10.0.0.5:2575" && kept.messagesToday == 3)

        try database.writeHeartbeat(Self.beat(host: "app1", at: Fixture.start + 60))
        try database.writeHeartbeat(Self.beat(host: "app2", at: Fixture.start + 61))
        #expect(try database.heartbeats().map(\.host) == ["app2", "app1"])
        #expect(try StoreKind.openPostgres(url).heartbeats().count == 2, "migrated once")
    }

    @Test("messages since an instant, by ACK code, read from the messages_received index; the newest arrival",
          arguments: StoreKind.available)
    func counts(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        #expect(try store.database.messageCounts(since: Fixture.start) == [:])
        #expect(try store.database.lastMessageReceivedAt() == nil)
        let rows: [(String, String, String)] = [
            ("C1", "2026-01-01T11:00:00Z", "AA"), ("C2", "2026-01-01T12:00:00Z", "AA"),
            ("C3", "2026-01-01T12:30:00Z", "AE"), ("C4", "2026-01-01T12:45:00Z", "AA"),
        ]
        let raw = kind == .sqlite ? "x'00'" : "'\\x00'::bytea"
        for (control, at, code) in rows {
            try store.execute("""
                INSERT INTO messages (received_at, peer, sending_application, sending_facility, control_id, version, raw,
                                      ack_code, error_code)
                VALUES ('\(at)', '127.0.0.1:1', 'LAB', 'MAIN', '\(control)', '2.5.1', \(raw), '\(code)',
                        \(code == "AA" ? "NULL" : "207"))
                """)
        }
        #expect(try store.database.messageCounts(since: Fixture.start) == ["AA": 2, "AE": 1])
        #expect(try store.database.messageCounts(since: Fixture.start + 40 * 60) == ["AA": 1])
        #expect(try store.database.lastMessageReceivedAt() == Fixture.start + 45 * 60)
        #expect(store.database.bytesOnDisk > 0)

        guard kind == .sqlite else { return } // PostgreSQL's planner picks its own plan
        let plan = try store.database.engine.read { db in
            try db.fetchAll("EXPLAIN QUERY PLAN SELECT ack_code, COUNT(*) FROM messages WHERE received_at >= ? GROUP BY ack_code") {
                $0.add("2026-01-01T12:00:00Z")
            }.map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("COVERING INDEX messages_received") }, "\(plan)")
    }
}
