import GRDB

extension Schema {
    /// A provider who left stays on the roster (their tasks' history names them) but is retired.
    static let rosterActiveMigration = "v19-roster-active"

    /// `providers.active`: 1, or 0 once retired by a roster file's `active` column.
    static let rosterActive = """
        ALTER TABLE providers ADD COLUMN active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1));

        """
}
