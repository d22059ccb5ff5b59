import GRDB

extension Schema {
    /// The outbox: task events written back to the EHR.
    static let outboxMigration = "v12-outbox"

    /// One row per message, written in the transaction of the action it reports (`audit_seq` names
    /// that action's audit row, which is how undo finds it). `message` holds the whole HL7 message,
    /// encoded once, so every resend is the same bytes under the same `control_id`.
    ///
    /// `attempts` counts every send; `failed_sends` the sends since the last answer, which set the
    /// retry's backoff; `first_failure_at` is when that run of failures began (the EHR unreachable since).
    /// `status` moves `waiting` → `delivered` (AA/CA) or `failed` (AE/AR), or `waiting` → `cancelled`
    /// (the action was undone before the first send); `outbox retry` moves `failed` back to `waiting`.
    static let outbox = """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id),
            event TEXT NOT NULL CHECK (event IN ('close', 'attempt', 'signoff', 'reopen')),
            audit_seq INTEGER NOT NULL,
            control_id TEXT NOT NULL UNIQUE CHECK (control_id <> ''),
            message_type TEXT NOT NULL,
            message TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('waiting', 'delivered', 'failed', 'cancelled')),
            created_at TEXT NOT NULL,
            deliverable_at TEXT NOT NULL,
            attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
            failed_sends INTEGER NOT NULL DEFAULT 0 CHECK (failed_sends >= 0),
            next_attempt_at TEXT NOT NULL,
            last_attempt_at TEXT,
            first_failure_at TEXT,
            last_error TEXT,
            ack_code TEXT,
            ack TEXT,
            finished_at TEXT,
            CHECK ((status = 'waiting') = (finished_at IS NULL)),
            CHECK (status <> 'delivered' OR ack_code IN ('AA', 'CA')),
            CHECK (status <> 'cancelled' OR attempts = 0)
        );
        CREATE INDEX outbox_waiting ON outbox(deliverable_at, id) WHERE status = 'waiting';
        CREATE INDEX outbox_failed ON outbox(finished_at) WHERE status = 'failed';
        CREATE INDEX outbox_task ON outbox(task_id, id);
        CREATE INDEX outbox_audit ON outbox(audit_seq);

        """
}
