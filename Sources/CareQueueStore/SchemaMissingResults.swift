import GRDB

extension Schema {
    /// Orders that go overdue become "result not received" tasks, closed with their own outcomes.
    static let missingResultsMigration = "v15-missing-results"

    /// - `orders`: the patient's birth date and phone and the ordering provider as sent (what the
    ///   missing-result task needs to route and to call), when the result is expected by (the
    ///   `[turnaround]` rules of the moment the order came; orders from before this migration get
    ///   the default rules), and the task an overdue order became.
    /// - `tasks.kind`: `result`, or `missing-result`.
    static let missingResults = """
        ALTER TABLE orders ADD COLUMN patient_dob TEXT;
        ALTER TABLE orders ADD COLUMN patient_phone TEXT;
        ALTER TABLE orders ADD COLUMN ordering_reference TEXT;
        ALTER TABLE orders ADD COLUMN expected_by TEXT;
        ALTER TABLE orders ADD COLUMN missing_task_id INTEGER REFERENCES tasks(id);
        UPDATE orders SET expected_by = strftime('%Y-%m-%dT%H:%M:%SZ', ordered_at,
            CASE WHEN kind = 'referral' THEN '+30 days' WHEN upper(priority) = 'S' THEN '+2 hours' ELSE '+7 days' END);
        CREATE INDEX orders_overdue ON orders(expected_by) WHERE state = 'ordered' AND missing_task_id IS NULL;
        CREATE INDEX orders_missing_task ON orders(missing_task_id) WHERE missing_task_id IS NOT NULL;
        ALTER TABLE tasks ADD COLUMN kind TEXT NOT NULL DEFAULT 'result' CHECK (kind IN ('result', 'missing-result'));

        """

    /// The close outcomes `tasks.close_outcome` allows, before and after this migration.
    static let closeOutcomesBefore = "close_outcome TEXT CHECK (close_outcome IN ('reached', 'portal-message', 'not-needed', 'cancelled-by-lab'))"
    static let closeOutcomesAfter = "close_outcome TEXT CHECK (close_outcome IN ('reached', 'portal-message', 'not-needed', 'cancelled-by-lab', 'lab-contacted', 'recollected', 'patient-did-not-go', 'cancelled', 'result-received'))"

    /// Widens `tasks.close_outcome`'s CHECK to the missing results' outcomes in place: SQLite's
    /// documented way to change a constraint that no stored row can violate (every row satisfied
    /// the narrower list), instead of copying every task into a rebuilt table with its indexes and
    /// triggers. Runs inside the migration's transaction; the schema version bump makes every
    /// connection reload the schema.
    static func widenCloseOutcomes(_ db: Database) throws {
        let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'tasks'") ?? ""
        guard sql.contains(closeOutcomesBefore) else {
            throw DatabaseError(message: "tasks.close_outcome is not as v1 created it; cannot widen its outcomes")
        }
        let version = try Int.fetchOne(db, sql: "PRAGMA schema_version") ?? 0
        try db.execute(sql: "PRAGMA writable_schema = ON")
        try db.execute(sql: "UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'tasks'",
                       arguments: [sql.replacingOccurrences(of: closeOutcomesBefore, with: closeOutcomesAfter)])
        try db.execute(sql: "PRAGMA schema_version = \(version + 1)")
        try db.execute(sql: "PRAGMA writable_schema = OFF")
    }
}
