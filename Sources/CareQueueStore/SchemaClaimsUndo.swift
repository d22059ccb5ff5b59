import GRDB

extension Schema {
    /// Claims (soft locks) on tasks. Undo needs no table: it restores from the action's audit row.
    static let claimsUndoMigration = "v8-claims-undo"

    /// One live claim per task at most: a newer claim replaces the older (whoever holds it).
    /// Lapsed rows are deleted by the next claim written; readers judge `claimed_until` themselves.
    static let claimsUndo = """
        CREATE TABLE task_claims (
            task_id INTEGER PRIMARY KEY NOT NULL REFERENCES tasks(id),
            claimed_by TEXT NOT NULL CHECK (claimed_by <> ''),
            claimed_at TEXT NOT NULL,
            claimed_until TEXT NOT NULL CHECK (claimed_until > claimed_at)
        );

        """
}
