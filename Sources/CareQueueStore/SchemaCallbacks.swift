import GRDB

extension Schema {
    /// Callbacks after failed calls, and patients' contact preferences.
    static let callbacksMigration = "v9-callbacks"

    /// - `tasks.callback_at`: when the coordinator means to call back, set by the latest attempt
    ///   (which replaces it, or clears it when it names none) and cleared by a close. It never moves
    ///   the escalation clock. `tasks_open_callback` holds the few open tasks that have one, so the
    ///   callbacks now due are one short range to read for the top of a queue.
    /// - `contact_preferences`: how a patient wants to be reached, by the clinic MRN (PID-3 of type
    ///   MR: the same patient whatever lab sent the result, as `audit --patient` reads it), so a
    ///   preference recorded on one task shows on that patient's other tasks, later ones included.
    static let callbacks = """
        ALTER TABLE tasks ADD COLUMN callback_at TEXT;
        CREATE INDEX tasks_open_callback ON tasks(callback_at) WHERE callback_at IS NOT NULL AND status <> 'closed';
        CREATE TABLE contact_preferences (
            patient_mrn TEXT PRIMARY KEY NOT NULL CHECK (patient_mrn <> ''),
            preference TEXT NOT NULL CHECK (preference IN ('phone', 'portal', 'letter')),
            set_by TEXT NOT NULL CHECK (set_by <> ''),
            set_at TEXT NOT NULL
        ) WITHOUT ROWID;

        """
}
