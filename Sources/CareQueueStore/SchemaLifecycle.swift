import GRDB

extension Schema {
    /// Attempts, escalations, who acknowledged, the manual-reassignment marker and coverage bookkeeping.
    static let lifecycleMigration = "v2-lifecycle"

    // `tasks.attempts` (v1) already counts failed call attempts: every attempt outcome is a failure.
    static let lifecycle = """
        ALTER TABLE tasks ADD COLUMN acknowledged_at TEXT;
        ALTER TABLE tasks ADD COLUMN acknowledged_by TEXT;
        -- A person moved this task: coverage moves leave it where they put it.
        ALTER TABLE tasks ADD COLUMN manually_reassigned INTEGER NOT NULL DEFAULT 0
            CHECK (manually_reassigned IN (0, 1));

        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id),
            at TEXT NOT NULL,
            user TEXT NOT NULL CHECK (user <> ''),
            outcome TEXT NOT NULL CHECK (outcome IN ('no-answer', 'left-message', 'wrong-number')),
            note TEXT NOT NULL
        );
        CREATE INDEX attempts_task ON attempts(task_id, id);

        -- One row per task, level and clock: a re-opened task's new clock may escalate again.
        CREATE TABLE escalations (
            id INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL REFERENCES tasks(id),
            level INTEGER NOT NULL CHECK (level IN (1, 2)),
            clock_started_at TEXT NOT NULL,
            due_at TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            target TEXT NOT NULL,
            target_npis TEXT NOT NULL CHECK (json_valid(target_npis) AND json_type(target_npis) = 'array'),
            reason TEXT NOT NULL,
            UNIQUE (task_id, level, clock_started_at)
        );
        CREATE INDEX escalations_task ON escalations(task_id, id);

        -- Which coverage boundaries the sweep has already moved tasks for.
        ALTER TABLE coverage ADD COLUMN start_applied INTEGER NOT NULL DEFAULT 0 CHECK (start_applied IN (0, 1));
        ALTER TABLE coverage ADD COLUMN end_applied INTEGER NOT NULL DEFAULT 0 CHECK (end_applied IN (0, 1));

        -- The sweep reads only tasks that may be due; the same terms appear in its query.
        CREATE INDEX tasks_escalation_candidates ON tasks(escalation_level, urgency, clock_started_at)
            WHERE status <> 'closed' AND clock_stopped_at IS NULL AND escalation_level < 2;
        CREATE INDEX tasks_open_ordering ON tasks(ordering_npi) WHERE status <> 'closed';

        """
}
