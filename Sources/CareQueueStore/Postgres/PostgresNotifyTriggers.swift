/// PostgreSQL's stand-in for SQLite's `PRAGMA data_version`: every transaction that writes what a
/// dashboard shows sends a NOTIFY on `channel`, which `PostgresChangeListener` LISTENs to.
///
/// Statement-level triggers (one call per statement, not per row), and the server delivers a
/// transaction's notifications only at its COMMIT, folding identical ones into one: a transaction
/// costs its listeners one message however many rows it wrote, and a rolled-back one none.
/// PostgreSQL only: SQLite has `data_version`, so the parity tests (which compare SQLite's triggers
/// with the baseline's) are not concerned.
enum PostgresNotifyTriggers {
    /// Where changes are announced (lower case: postgres-nio quotes the name it LISTENs to).
    static let channel = "carequeue_changes"

    /// Tables whose rows a dashboard shows or counts. Left out: what only follows these in the same
    /// transaction (`roster_version`, `orders_version`, `audit_chain`, `task_search`,
    /// `task_search_closed`) and the derivation work list (`derivation_queue`, `derivation_mark`),
    /// whose results land in `tasks`.
    static let tables = [
        "providers", "coverage", "contact_preferences", "messages", "tasks", "observations", "orders",
        "attempts", "escalations", "review_escalations", "task_claims", "outbox", "purged_tasks",
        "listener_heartbeat", "audit", "task_changes",
    ]

    /// The migration. A migration never changes once released: a table added later gets its
    /// trigger in a migration of its own.
    static let migration = (identifier: "pg-change-notify", script: """
        CREATE FUNCTION carequeue_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('\(channel)', '');
            RETURN NULL;
        END;
        $$;

        """ + tables.map { table in """
        CREATE TRIGGER \(table)_notify_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON \(table)
            FOR EACH STATEMENT EXECUTE FUNCTION carequeue_notify_change();

        """ }.joined())
}
