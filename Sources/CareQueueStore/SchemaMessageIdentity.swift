import GRDB

extension Schema {
    /// Exact duplicate detection: a control id reused with other content is kept (refused or, when
    /// the site allows it, accepted as a new message) and points at the message first stored under
    /// that id; charset guesses are kept with messages and tasks.
    static let messageIdentityMigration = "v4-message-identity"

    static let messageIdentity = """
        ALTER TABLE messages ADD COLUMN original_message_id INTEGER REFERENCES messages(id);
        ALTER TABLE messages ADD COLUMN charset_warning TEXT;
        ALTER TABLE tasks ADD COLUMN charset_warning TEXT;

        -- One original per sender and control id; reuses (refused, or accepted by configuration) point at it.
        DROP INDEX messages_accepted_identity;
        CREATE UNIQUE INDEX messages_accepted_identity
            ON messages(sending_application, sending_facility, control_id)
            WHERE ack_code IN ('AA', 'CA') AND original_message_id IS NULL;
        -- Only reuse rows are indexed, so ordinary ingest pays nothing for it.
        CREATE INDEX messages_reuses ON messages(original_message_id) WHERE original_message_id IS NOT NULL;

        -- A blank control id cannot tell two messages apart: such a message is never accepted.
        CREATE TRIGGER messages_accepted_need_control_id BEFORE INSERT ON messages
            WHEN NEW.ack_code IN ('AA', 'CA') AND trim(NEW.control_id) = ''
            BEGIN SELECT RAISE(ABORT, 'an accepted message needs a non-blank control id'); END;

        """
}
