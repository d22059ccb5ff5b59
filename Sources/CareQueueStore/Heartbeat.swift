import CareQueueCore
import Foundation
import GRDB

extension CareQueueDatabase {
    /// Replaces the heartbeat row (there is only one: one listener per database); a beat clears a
    /// `stopped_at` left by the last run.
    public func writeHeartbeat(_ heartbeat: Heartbeat) throws {
        try write { db in
            try db.cachedStatement(sql: """
                INSERT INTO listener_heartbeat (id, address, pid, started_at, beat_at, messages_today, last_message_at,
                                                stopped_at)
                VALUES (1, ?, ?, ?, ?, ?, ?, NULL)
                ON CONFLICT (id) DO UPDATE SET address = excluded.address, pid = excluded.pid,
                    started_at = excluded.started_at, beat_at = excluded.beat_at,
                    messages_today = excluded.messages_today, last_message_at = excluded.last_message_at,
                    stopped_at = NULL
                """).execute(arguments: [heartbeat.address, heartbeat.pid, StoreTime.text(heartbeat.startedAt),
                                         StoreTime.text(heartbeat.beatAt), heartbeat.messagesToday,
                                         heartbeat.lastMessageAt.map(StoreTime.text)])
        }
    }

    /// A clean shutdown: the row says the listener `pid` stopped at `at` (a row another listener
    /// has written since is left alone).
    public func markHeartbeatStopped(pid: Int32, at: Date) throws {
        try write { db in
            try db.execute(sql: "UPDATE listener_heartbeat SET stopped_at = ?, beat_at = ? WHERE id = 1 AND pid = ?",
                           arguments: [StoreTime.text(at), StoreTime.text(at), pid])
        }
    }

    /// The latest heartbeat, or nil when no listener ever ran on this database.
    public func heartbeat() throws -> Heartbeat? {
        try read { db in
            try HeartbeatRecord.fetchOne(db, sql: "SELECT * FROM listener_heartbeat WHERE id = 1").map { row in
                Heartbeat(address: row.address, pid: row.pid, startedAt: StoreTime.date(row.startedAt) ?? .distantPast,
                          beatAt: StoreTime.date(row.beatAt) ?? .distantPast, messagesToday: row.messagesToday,
                          lastMessageAt: row.lastMessageAt.flatMap(StoreTime.date),
                          stoppedAt: row.stoppedAt.flatMap(StoreTime.date))
            }
        }
    }
}
