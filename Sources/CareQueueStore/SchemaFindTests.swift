import CareQueueCore
import GRDB

extension Schema {
    /// Find matches the test too, and closed tasks on request.
    static let findTestsMigration = "v9-find-tests"

    /// `search_folded` gains the test (service text) as a fourth part, rewritten for every row by
    /// `SearchText.document` (registered for the statement: SQLite cannot fold accents). The
    /// trigram triggers and table go first so the rewrite does not churn the index row by row; the
    /// table is then filled once.
    ///
    /// `task_search_closed` is a second trigram table, of closed tasks: find over history reads it
    /// only when asked, so the open tasks' table stays as small as the open queue and a million
    /// closed tasks cost the everyday find nothing. Every task is in exactly one of the two;
    /// closing moves it, re-opening moves it back. Ingest writes open tasks, so its per-task cost
    /// (one trigram row) is unchanged.
    static func rebuildFindText(_ db: Database) throws {
        try db.execute(sql: """
            DROP TRIGGER tasks_search_insert;
            DROP TRIGGER tasks_search_delete;
            DROP TRIGGER tasks_search_update;
            DROP TABLE task_search;

            """)
        let document = DatabaseFunction("carequeue_search_document", argumentCount: 4, pure: true) { values in
            let text = values.map { String.fromDatabaseValue($0) ?? "" }
            return SearchText.document(mrn: text[0], family: text[1], given: text[2], test: text[3])
        }
        db.add(function: document)
        defer { db.remove(function: document) }
        try db.execute(sql: """
            UPDATE tasks SET search_folded
                = carequeue_search_document(patient_mrn, patient_family, patient_given, service_text);

            """)
        try db.execute(sql: findTestsSearch)
    }

    /// Both trigram tables, filled, and the triggers that keep each task in the one its status says.
    private static let findTestsSearch = """
        CREATE VIRTUAL TABLE task_search USING fts5(
            document, content = '', tokenize = 'trigram case_sensitive 1', detail = full, columnsize = 0);
        CREATE VIRTUAL TABLE task_search_closed USING fts5(
            document, content = '', tokenize = 'trigram case_sensitive 1', detail = full, columnsize = 0);
        INSERT INTO task_search (rowid, document) SELECT id, search_folded FROM tasks WHERE status <> 'closed';
        INSERT INTO task_search_closed (rowid, document) SELECT id, search_folded FROM tasks WHERE status = 'closed';

        CREATE TRIGGER tasks_search_insert AFTER INSERT ON tasks WHEN NEW.status <> 'closed'
            BEGIN INSERT INTO task_search (rowid, document) VALUES (NEW.id, NEW.search_folded); END;
        CREATE TRIGGER tasks_search_closed_insert AFTER INSERT ON tasks WHEN NEW.status = 'closed'
            BEGIN INSERT INTO task_search_closed (rowid, document) VALUES (NEW.id, NEW.search_folded); END;
        CREATE TRIGGER tasks_search_delete AFTER DELETE ON tasks WHEN OLD.status <> 'closed'
            BEGIN INSERT INTO task_search (task_search, rowid, document) VALUES ('delete', OLD.id, OLD.search_folded); END;
        CREATE TRIGGER tasks_search_closed_delete AFTER DELETE ON tasks WHEN OLD.status = 'closed'
            BEGIN
                INSERT INTO task_search_closed (task_search_closed, rowid, document)
                    VALUES ('delete', OLD.id, OLD.search_folded);
            END;
        CREATE TRIGGER tasks_search_update AFTER UPDATE OF status, search_folded ON tasks
            WHEN (OLD.status = 'closed') <> (NEW.status = 'closed') OR OLD.search_folded <> NEW.search_folded
            BEGIN
                INSERT INTO task_search (task_search, rowid, document)
                    SELECT 'delete', OLD.id, OLD.search_folded WHERE OLD.status <> 'closed';
                INSERT INTO task_search_closed (task_search_closed, rowid, document)
                    SELECT 'delete', OLD.id, OLD.search_folded WHERE OLD.status = 'closed';
                INSERT INTO task_search (rowid, document)
                    SELECT NEW.id, NEW.search_folded WHERE NEW.status <> 'closed';
                INSERT INTO task_search_closed (rowid, document)
                    SELECT NEW.id, NEW.search_folded WHERE NEW.status = 'closed';
            END;

        """
}
