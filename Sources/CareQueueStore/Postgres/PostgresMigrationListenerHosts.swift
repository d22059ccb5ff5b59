extension PostgresMigrations {
    /// `Schema.listenerHosts` on PostgreSQL: the old table (and its key's index, which keeps its
    /// name through a table rename) moved aside first, so the new one is declared under its own name.
    static let listenerHosts = """
        ALTER TABLE listener_heartbeat RENAME TO listener_heartbeat_single;
        ALTER INDEX listener_heartbeat_pkey RENAME TO listener_heartbeat_single_pkey;
        CREATE TABLE listener_heartbeat (
            host TEXT PRIMARY KEY NOT NULL,
            address TEXT NOT NULL,
            pid BIGINT NOT NULL CHECK (pid > 0),
            started_at TEXT NOT NULL,
            beat_at TEXT NOT NULL,
            messages_today BIGINT NOT NULL CHECK (messages_today >= 0),
            last_message_at TEXT,
            stopped_at TEXT
        );
        INSERT INTO listener_heartbeat (host, address, pid, started_at, beat_at, messages_today, last_message_at,
                                        stopped_at)
            SELECT '', address, pid, started_at, beat_at, messages_today, last_message_at, stopped_at
            FROM listener_heartbeat_single;
        DROP TABLE listener_heartbeat_single;

        """
}
