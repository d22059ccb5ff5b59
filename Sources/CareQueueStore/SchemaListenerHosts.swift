import GRDB

extension Schema {
    /// One heartbeat row per listener host (PostgreSQL runs a listener on each of several hosts).
    static let listenerHostsMigration = "v22-listener-hosts"

    /// `listener_heartbeat` keyed by `host` instead of the single row `id = 1`. SQLite cannot drop a
    /// CHECK, so the table is rebuilt; the row it held is kept with the host empty ("written before
    /// heartbeats named their host"), and the next beat replaces it. On SQLite the listener lock
    /// still allows one listener per file, so the table keeps one row.
    static let listenerHosts = """
        CREATE TABLE listener_heartbeat_by_host (
            host TEXT PRIMARY KEY NOT NULL,
            address TEXT NOT NULL,
            pid INTEGER NOT NULL CHECK (pid > 0),
            started_at TEXT NOT NULL,
            beat_at TEXT NOT NULL,
            messages_today INTEGER NOT NULL CHECK (messages_today >= 0),
            last_message_at TEXT,
            stopped_at TEXT
        );
        INSERT INTO listener_heartbeat_by_host (host, address, pid, started_at, beat_at, messages_today,
                                                last_message_at, stopped_at)
            SELECT '', address, pid, started_at, beat_at, messages_today, last_message_at, stopped_at
            FROM listener_heartbeat;
        DROP TABLE listener_heartbeat;
        ALTER TABLE listener_heartbeat_by_host RENAME TO listener_heartbeat;

        """
}
