import GRDB

extension Schema {
    /// Log-first ingest: the ACK's transaction stores the message; its tasks are derived after.
    static let derivationMigration = "v7-derivation"

    /// `derivation_mark` says how far derivation got: every accepted message with a larger id is
    /// stored and acknowledged but has no tasks yet. Derivation runs in id order under the write
    /// lock, so one number is the whole queue, and the ACK's transaction writes nothing for it.
    /// Messages stored before this migration were derived in their own transaction: the mark starts
    /// after them.
    ///
    /// `derivation_error` holds why an acknowledged message could not become tasks; such a message
    /// is on the review list like a refused one.
    static let derivation = """
        CREATE TABLE derivation_mark (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            derived_through INTEGER NOT NULL CHECK (derived_through >= 0)
        );
        INSERT INTO derivation_mark (id, derived_through) VALUES (1, (SELECT coalesce(max(id), 0) FROM messages));

        ALTER TABLE messages ADD COLUMN derivation_error TEXT CHECK (derivation_error IS NULL OR derivation_error <> '');
        DROP INDEX messages_review;
        CREATE INDEX messages_review ON messages(id)
            WHERE ack_code NOT IN ('AA', 'CA') OR derivation_error IS NOT NULL;

        """
}
