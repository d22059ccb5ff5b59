import GRDB

extension Schema {
    /// A clean shutdown says so, and `status` counts today's messages cheaply.
    static let heartbeatStoppedMigration = "v13-heartbeat-stopped"

    /// - `stopped_at`: set by a listener that stopped cleanly (SIGTERM, the dashboard quitting), so
    ///   dashboards and `status` say "stopped" at once instead of "up" until the beat goes stale;
    ///   cleared by the next beat.
    /// - `messages_received`: `status`'s counts by ACK code for today and the last hour read a range
    ///   of this index, not every stored message (the raw bytes included).
    static let heartbeatStopped = """
        ALTER TABLE listener_heartbeat ADD COLUMN stopped_at TEXT;
        CREATE INDEX messages_received ON messages(received_at, ack_code);

        """
}
