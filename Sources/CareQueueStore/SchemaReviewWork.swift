import GRDB

extension Schema {
    /// Refused messages as work: a message on the review list can be resolved (with a note) or
    /// replayed (its stored bytes taken in again under today's configuration).
    static let reviewWorkMigration = "v18-review-work"

    /// `resolved_at`/`resolved_by`/`resolution_note` take a message off the open review list; the
    /// row, its bytes and its original answer stay. `replay_of` marks a message stored by
    /// `review replay` from another's bytes; unique, so one message is replayed at most once.
    static let reviewWork = """
        ALTER TABLE messages ADD COLUMN resolved_at TEXT;
        ALTER TABLE messages ADD COLUMN resolved_by TEXT;
        ALTER TABLE messages ADD COLUMN resolution_note TEXT;
        ALTER TABLE messages ADD COLUMN replay_of INTEGER REFERENCES messages(id);
        CREATE UNIQUE INDEX messages_replay_of ON messages(replay_of) WHERE replay_of IS NOT NULL;

        """
}
