import CareQueueCore
import Foundation

extension CareQueueDatabase {
    /// Replaces the heartbeat row of `heartbeat.host`; a beat clears a `stopped_at` left by the
    /// last run there.
    ///
    /// One row per host: on PostgreSQL each host's listener has its own (the listener lock is per
    /// host); on SQLite one listener serves the file, so its beat also removes any other row (a
    /// file copied from another host, a row from before heartbeats named their host).
    public func writeHeartbeat(_ heartbeat: Heartbeat) throws {
        try engine.write { db in
            try db.execute("""
                DELETE FROM listener_heartbeat WHERE host <> ?\(db.dialect == .postgres ? " AND host = ''" : "")
                """) { $0.add(heartbeat.host) }
            try db.execute("""
                INSERT INTO listener_heartbeat (host, address, pid, started_at, beat_at, messages_today, last_message_at,
                                                stopped_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
                ON CONFLICT (host) DO UPDATE SET address = excluded.address, pid = excluded.pid,
                    started_at = excluded.started_at, beat_at = excluded.beat_at,
                    messages_today = excluded.messages_today, last_message_at = excluded.last_message_at,
                    stopped_at = NULL
                """) {
                $0.add(heartbeat.host)
                $0.add(heartbeat.address)
                $0.add(Int64(heartbeat.pid))
                $0.add(StoreTime.text(heartbeat.startedAt))
                $0.add(StoreTime.text(heartbeat.beatAt))
                $0.add(heartbeat.messagesToday)
                $0.add(heartbeat.lastMessageAt.map(StoreTime.text))
            }
        }
    }

    /// A clean shutdown: the row of `host` says the listener `pid` stopped at `at` (a row another
    /// listener has written since is left alone).
    public func markHeartbeatStopped(pid: Int32, host: String = Heartbeat.thisHost, at: Date) throws {
        try engine.write { db in
            try db.execute("UPDATE listener_heartbeat SET stopped_at = ?, beat_at = ? WHERE host = ? AND pid = ?") {
                $0.add(StoreTime.text(at))
                $0.add(StoreTime.text(at))
                $0.add(host)
                $0.add(Int64(pid))
            }
        }
    }

    /// The heartbeat that says most about the feed, or nil when no listener ever ran on this
    /// database: a listener not stopped before stopped ones, then the latest beat.
    public func heartbeat() throws -> Heartbeat? {
        try heartbeats().first
    }

    /// Every listener's heartbeat, in `heartbeat()`'s order (then by host).
    public func heartbeats() throws -> [Heartbeat] {
        try engine.read { db in
            try db.fetchAll("""
                SELECT * FROM listener_heartbeat
                ORDER BY CASE WHEN stopped_at IS NULL THEN 0 ELSE 1 END, beat_at DESC, host
                """).map { row in
                let record = try HeartbeatRecord(row)
                return Heartbeat(address: record.address, pid: record.pid, startedAt: StoreTime.date(record.startedAt) ?? .distantPast,
                                 beatAt: StoreTime.date(record.beatAt) ?? .distantPast, messagesToday: record.messagesToday,
                                 lastMessageAt: record.lastMessageAt.flatMap(StoreTime.date),
                                 stoppedAt: record.stoppedAt.flatMap(StoreTime.date), host: record.host)
            }
        }
    }
}
