/// The conditions retention decides by, shared by the purge and its dry run.
enum RetentionSQL {
    /// Task `t` may lose its data: closed before `:before`, and nothing it sent the EHR is still
    /// waiting or refused (a retry, or the analyst looking into the refusal, may need the task whole).
    static let taskPurgeable = """
        (t.status = 'closed' AND t.closed_at < :before
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.task_id = t.id AND o.status IN ('waiting', 'failed')))
        """

    /// Closed before `:before`, after the cursor (`:closed_at`, `:id`), not purged since its last close.
    static let candidates = """
        SELECT t.id, t.closed_at FROM tasks t
            WHERE t.closed_at IS NOT NULL AND t.closed_at < :before AND t.status = 'closed'
              AND (t.closed_at > :closed_at OR (t.closed_at = :closed_at AND t.id > :id))
              AND NOT EXISTS (SELECT 1 FROM purged_tasks p WHERE p.task_id = t.id AND p.closed_at = t.closed_at)
            ORDER BY t.closed_at, t.id LIMIT :limit
        """

    /// The messages task `:task` holds on to: its latest, and those its observations came from or were retired by.
    static let messagesOfTask = """
        SELECT latest_message_id FROM tasks WHERE id = :task
        UNION SELECT message_id FROM observations WHERE task_id = :task
        UNION SELECT retired_by_message_id FROM observations WHERE task_id = :task AND retired_by_message_id IS NOT NULL
        """

    /// The size of message `:message`'s bytes when they may go: not purged yet, never on the review
    /// list (refused messages keep their bytes), every task that names it purgeable, and no order
    /// still awaiting its result names it.
    static let purgeableMessage = """
        SELECT length(m.raw) FROM messages m
            WHERE m.id = :message AND m.raw_purged_at IS NULL
              AND m.ack_code IN ('AA', 'CA') AND m.derivation_error IS NULL
              AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.latest_message_id = m.id AND NOT \(taskPurgeable))
              AND NOT EXISTS (SELECT 1 FROM observations x JOIN tasks t ON t.id = x.task_id
                              WHERE x.message_id = m.id AND NOT \(taskPurgeable))
              AND NOT EXISTS (SELECT 1 FROM observations x JOIN tasks t ON t.id = x.task_id
                              WHERE x.retired_by_message_id = m.id AND NOT \(taskPurgeable))
              AND NOT EXISTS (SELECT 1 FROM orders WHERE first_message_id = m.id AND state IN ('ordered', 'preliminary'))
              AND NOT EXISTS (SELECT 1 FROM orders WHERE latest_message_id = m.id AND state IN ('ordered', 'preliminary'))
        """
}
