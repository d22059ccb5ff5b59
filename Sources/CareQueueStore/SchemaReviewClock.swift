import GRDB

extension Schema {
    /// The review list has a clock: a message open past `[windows] review` escalates to the coordinators.
    static let reviewClockMigration = "v20-review-clock"

    /// - `review_escalations`: each escalation of a review-list message, recorded once (the UNIQUE
    ///   key is what makes a second sweep at the same instant record nothing).
    /// - `messages.review_escalation_level`: 1 once recorded, so the partial index below drops the
    ///   message and a sweep's look reads only messages still waiting for their clock.
    /// - `messages_review_clock`: open, unescalated review-list messages by receipt; the sweep reads
    ///   its first entry ("anything due?", "when next?"), never the messages table. Messages already
    ///   open when this runs count from their receipt too: the first sweep escalates the old ones.
    static let reviewClock = """
        ALTER TABLE messages ADD COLUMN review_escalation_level INTEGER NOT NULL DEFAULT 0
            CHECK (review_escalation_level IN (0, 1));
        CREATE TABLE review_escalations (
            id INTEGER PRIMARY KEY,
            message_id INTEGER NOT NULL REFERENCES messages(id),
            level INTEGER NOT NULL CHECK (level = 1),
            due_at TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            target TEXT NOT NULL,
            target_npis TEXT NOT NULL CHECK (json_valid(target_npis) AND json_type(target_npis) = 'array'),
            reason TEXT NOT NULL,
            UNIQUE (message_id, level)
        );
        CREATE INDEX messages_review_clock ON messages(received_at)
            WHERE (ack_code NOT IN ('AA', 'CA') OR derivation_error IS NOT NULL) AND resolved_at IS NULL
                AND review_escalation_level = 0;

        """
}
