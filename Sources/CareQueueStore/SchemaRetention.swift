import GRDB

extension Schema {
    /// Retention: the raw bytes of closed tasks' messages can be purged, the audit trail pruned.
    static let retentionMigration = "v21-retention"

    /// - `messages.raw_purged_at`: when retention emptied `raw` (the row stays: tasks, orders and
    ///   the audit name it); `raw_purged_bytes` how many bytes it held; `raw_digest` the SHA-256 of
    ///   the bytes as `SameMessage` compares them, so a resend of a purged message is still known
    ///   for the duplicate it is.
    /// - `purged_tasks`: the tasks whose data was purged, and the close that made them eligible —
    ///   a task re-opened and closed again is purged again. A table of its own, not a `tasks`
    ///   column: a write to `tasks` is logged in `task_changes` for every dashboard to replay.
    /// - The indexes answer "who else still needs this message?" without reading every task,
    ///   observation or order.
    ///
    /// Only adds; touches nothing another migration creates, so its order among them does not matter.
    static let retention = """
        ALTER TABLE messages ADD COLUMN raw_purged_at TEXT;
        ALTER TABLE messages ADD COLUMN raw_purged_bytes INTEGER CHECK (raw_purged_bytes >= 0);
        ALTER TABLE messages ADD COLUMN raw_digest TEXT CHECK (raw_digest IS NULL OR length(raw_digest) = 64);
        CREATE TABLE purged_tasks (
            task_id INTEGER PRIMARY KEY NOT NULL REFERENCES tasks(id),
            closed_at TEXT NOT NULL,
            purged_at TEXT NOT NULL
        );
        CREATE INDEX observations_message ON observations(message_id);
        CREATE INDEX observations_retired_by ON observations(retired_by_message_id) WHERE retired_by_message_id IS NOT NULL;
        CREATE INDEX tasks_latest_message ON tasks(latest_message_id);
        CREATE INDEX orders_awaiting_first_message ON orders(first_message_id) WHERE state IN ('ordered', 'preliminary');
        CREATE INDEX orders_awaiting_latest_message ON orders(latest_message_id) WHERE state IN ('ordered', 'preliminary');

        """
}
