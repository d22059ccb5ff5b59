import CareQueueCore
import GRDB

extension Schema {
    /// Find by folded text (case and accents ignored) through a trigram index of open tasks; the
    /// dashboard's queue order, counts and find order served by indexes; a log of task writes.
    static let findFoldedMigration = "v6-find-folded"

    /// `tasks.search_folded` is `SearchText.document(mrn:family:given:)`, written by the store with
    /// every task row (SQLite cannot fold accents itself); `backfillSearchText` fills it for rows
    /// written before this migration, before the triggers and the trigram index exist.
    static let findFoldedColumn = """
        ALTER TABLE tasks ADD COLUMN search_folded TEXT NOT NULL DEFAULT '';

        """

    /// Indexes, the trigram table and the triggers that keep it and the write counter current.
    ///
    /// - `tasks_open_queue_order` replaces `tasks_open_queue(assigned_npi, due_at)`: one queue's open
    ///   tasks in the dashboard's order (critical, then due soonest — overdue first —, no due time
    ///   last, then id), so a page is a range of the index, not a sort of the queue; its trailing
    ///   urgency and escalation level let the per-queue counts read the index alone.
    /// - `tasks_open_find` replaces `tasks_open_due(due_at)`: every open task in the same order with
    ///   its folded text, for find's one- and two-character needles and its dense matches, and for
    ///   due-time ranges (two seeks: critical and not).
    /// - `task_search` holds open tasks only — find's domain — so closed history never slows it:
    ///   closing removes a task, re-opening puts it back. It is contentless: a row is deleted with
    ///   the text it was inserted with, which the triggers take from the old row.
    /// - `task_changes` logs every write to `tasks` (see below); its last `seq` says whether anything
    ///   a cache was computed from has moved.
    static let findFolded = """
        DROP INDEX IF EXISTS tasks_open_queue;
        CREATE INDEX tasks_open_queue_order
            ON tasks(assigned_npi, urgency <> 'critical', due_at IS NULL, due_at, id, urgency, escalation_level)
            WHERE status <> 'closed';
        DROP INDEX IF EXISTS tasks_open_due;
        CREATE INDEX tasks_open_find ON tasks(urgency <> 'critical', due_at IS NULL, due_at, id, search_folded)
            WHERE status <> 'closed';

        CREATE VIRTUAL TABLE task_search USING fts5(
            document, content = '', tokenize = 'trigram case_sensitive 1', detail = full, columnsize = 0);
        INSERT INTO task_search (rowid, document) SELECT id, search_folded FROM tasks WHERE status <> 'closed';
        CREATE TRIGGER tasks_search_insert AFTER INSERT ON tasks WHEN NEW.status <> 'closed'
            BEGIN INSERT INTO task_search (rowid, document) VALUES (NEW.id, NEW.search_folded); END;
        CREATE TRIGGER tasks_search_delete AFTER DELETE ON tasks WHEN OLD.status <> 'closed'
            BEGIN INSERT INTO task_search (task_search, rowid, document) VALUES ('delete', OLD.id, OLD.search_folded); END;
        CREATE TRIGGER tasks_search_update AFTER UPDATE OF status, search_folded ON tasks
            WHEN (OLD.status <> 'closed') <> (NEW.status <> 'closed')
                OR (NEW.status <> 'closed' AND OLD.search_folded <> NEW.search_folded)
            BEGIN
                INSERT INTO task_search (task_search, rowid, document)
                    SELECT 'delete', OLD.id, OLD.search_folded WHERE OLD.status <> 'closed';
                INSERT INTO task_search (rowid, document)
                    SELECT NEW.id, NEW.search_folded WHERE NEW.status <> 'closed';
            END;

        -- Every write to a task, with the columns the open-task counts and the sweep depend on
        -- before and after it: a dashboard updates its counts from the changes since it last
        -- counted instead of counting 100,000 rows again. At least the latest 4,096 are kept (the
        -- oldest 512 go at once, so a write rarely touches a second page); a reader further
        -- behind counts afresh.
        CREATE TABLE task_changes (
            seq INTEGER PRIMARY KEY,
            task_id INTEGER NOT NULL,
            old_status TEXT,
            old_assigned_npi TEXT,
            old_urgency TEXT,
            old_due_at TEXT,
            old_escalation_level INTEGER,
            new_status TEXT,
            new_assigned_npi TEXT,
            new_urgency TEXT,
            new_due_at TEXT,
            new_escalation_level INTEGER
        );
        CREATE TRIGGER tasks_insert_logs AFTER INSERT ON tasks BEGIN
            INSERT INTO task_changes (task_id, new_status, new_assigned_npi, new_urgency, new_due_at, new_escalation_level)
                VALUES (NEW.id, NEW.status, NEW.assigned_npi, NEW.urgency, NEW.due_at, NEW.escalation_level);
            DELETE FROM task_changes WHERE (SELECT max(seq) FROM task_changes) % 512 = 0
                AND seq <= (SELECT max(seq) FROM task_changes) - 4096;
        END;
        CREATE TRIGGER tasks_update_logs AFTER UPDATE ON tasks BEGIN
            INSERT INTO task_changes (task_id, old_status, old_assigned_npi, old_urgency, old_due_at, old_escalation_level,
                    new_status, new_assigned_npi, new_urgency, new_due_at, new_escalation_level)
                VALUES (NEW.id, OLD.status, OLD.assigned_npi, OLD.urgency, OLD.due_at, OLD.escalation_level,
                    NEW.status, NEW.assigned_npi, NEW.urgency, NEW.due_at, NEW.escalation_level);
            DELETE FROM task_changes WHERE (SELECT max(seq) FROM task_changes) % 512 = 0
                AND seq <= (SELECT max(seq) FROM task_changes) - 4096;
        END;
        CREATE TRIGGER tasks_delete_logs AFTER DELETE ON tasks BEGIN
            INSERT INTO task_changes (task_id, old_status, old_assigned_npi, old_urgency, old_due_at, old_escalation_level)
                VALUES (OLD.id, OLD.status, OLD.assigned_npi, OLD.urgency, OLD.due_at, OLD.escalation_level);
            DELETE FROM task_changes WHERE (SELECT max(seq) FROM task_changes) % 512 = 0
                AND seq <= (SELECT max(seq) FROM task_changes) - 4096;
        END;

        """

    /// Writes `search_folded` for every task written before the column existed, in id order, a
    /// chunk at a time (no cursor stays open on the rows it updates).
    static func backfillSearchText(_ db: Database) throws {
        let update = try db.makeStatement(sql: "UPDATE tasks SET search_folded = ? WHERE id = ?")
        let chunk = try db.makeStatement(sql: """
            SELECT id, patient_mrn, patient_family, patient_given FROM tasks WHERE id > ? ORDER BY id LIMIT 5000
            """)
        var after: Int64 = Int64.min
        while true {
            let rows = try Row.fetchAll(chunk, arguments: [after])
            guard let last = rows.last else { return }
            for row in rows {
                // No test part: `v9-find-tests` rewrites every row's document with it.
                let document = SearchText.document(mrn: row["patient_mrn"], family: row["patient_family"],
                                                   given: row["patient_given"], test: "")
                try update.execute(arguments: [document, row["id"] as Int64])
            }
            after = last["id"]
        }
    }
}
