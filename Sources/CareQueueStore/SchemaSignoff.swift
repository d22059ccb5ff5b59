import GRDB

extension Schema {
    /// Provider sign-off of results, and its own escalation clock.
    static let signoffMigration = "v11-signoff"

    /// - `tasks.signed_off_*`: who signed the result off (roster name and NPI), when, and their
    ///   optional note; NULL while nobody has. Whether a task needs it is the configuration's
    ///   (`[workflow] signoff_required`), decided when read, so turning the rule on gates open tasks too.
    /// - `tasks.signoff_escalation_level`: the sign-off clock's level, apart from the tier clock's.
    /// - `escalations.kind`: `clock` (the tier's) or `signoff`; a task may reach level 1 on both
    ///   from the same start, so the kind joins the key. SQLite cannot change a UNIQUE constraint in
    ///   place: the table is rebuilt, its rows and ids kept.
    static let signoff = """
        ALTER TABLE tasks ADD COLUMN signed_off_at TEXT;
        ALTER TABLE tasks ADD COLUMN signed_off_by TEXT;
        ALTER TABLE tasks ADD COLUMN signed_off_npi TEXT;
        ALTER TABLE tasks ADD COLUMN signoff_note TEXT;
        ALTER TABLE tasks ADD COLUMN signoff_escalation_level INTEGER NOT NULL DEFAULT 0
            CHECK (signoff_escalation_level BETWEEN 0 AND 2);
        CREATE INDEX tasks_signoff_candidates ON tasks(signoff_escalation_level, urgency, clock_started_at)
            WHERE status <> 'closed' AND signed_off_at IS NULL AND signoff_escalation_level < 2;

        CREATE TABLE escalations_new (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id),
            kind TEXT NOT NULL DEFAULT 'clock' CHECK (kind IN ('clock', 'signoff')),
            level INTEGER NOT NULL CHECK (level IN (1, 2)),
            clock_started_at TEXT NOT NULL,
            due_at TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            target TEXT NOT NULL,
            target_npis TEXT NOT NULL CHECK (json_valid(target_npis) AND json_type(target_npis) = 'array'),
            reason TEXT NOT NULL,
            UNIQUE (task_id, kind, level, clock_started_at)
        );
        INSERT INTO escalations_new (id, task_id, level, clock_started_at, due_at, recorded_at, target, target_npis, reason)
            SELECT id, task_id, level, clock_started_at, due_at, recorded_at, target, target_npis, reason FROM escalations;
        DROP TABLE escalations;
        ALTER TABLE escalations_new RENAME TO escalations;
        CREATE INDEX escalations_task ON escalations(task_id, id);

        """
}
