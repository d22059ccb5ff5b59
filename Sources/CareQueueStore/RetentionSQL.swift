/// The conditions retention decides by, shared by the purge and its dry run. Each takes its values
/// positionally, in the order its `bind` function adds them.
enum RetentionSQL {
    /// Task `t` may lose its data: closed before the cut-off (one value), and nothing it sent the EHR
    /// is still waiting or refused (a retry, or the analyst looking into the refusal, may need the task whole).
    static let taskPurgeable = """
        (t.status = 'closed' AND t.closed_at < ?
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.task_id = t.id AND o.status IN ('waiting', 'failed')))
        """

    /// Closed before the cut-off, after the cursor (close time, id), not purged since its last close.
    static let candidates = """
        SELECT t.id, t.closed_at FROM tasks t
            WHERE t.closed_at IS NOT NULL AND t.closed_at < ? AND t.status = 'closed'
              AND (t.closed_at > ? OR (t.closed_at = ? AND t.id > ?))
              AND NOT EXISTS (SELECT 1 FROM purged_tasks p WHERE p.task_id = t.id AND p.closed_at = t.closed_at)
            ORDER BY t.closed_at, t.id LIMIT ?
        """

    static func bindCandidates(before: String, afterClosedAt: String, afterID: Int64, limit: Int) -> (inout SQLBindings) -> Void {
        { $0.add(before); $0.add(afterClosedAt); $0.add(afterClosedAt); $0.add(afterID); $0.add(limit) }
    }

    /// The messages a task holds on to (its id three times): its latest, and those its observations
    /// came from or were retired by.
    static let messagesOfTask = """
        SELECT latest_message_id FROM tasks WHERE id = ?
        UNION SELECT message_id FROM observations WHERE task_id = ?
        UNION SELECT retired_by_message_id FROM observations WHERE task_id = ? AND retired_by_message_id IS NOT NULL
        """

    /// The size of a message's bytes when they may go: not purged yet, never on the review list
    /// (refused messages keep their bytes), every task that names it purgeable, and no order still
    /// awaiting its result names it.
    static let purgeableMessage = """
        SELECT length(m.raw) FROM messages m
            WHERE m.id = ? AND m.raw_purged_at IS NULL
              AND m.ack_code IN ('AA', 'CA') AND m.derivation_error IS NULL
              AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.latest_message_id = m.id AND NOT \(taskPurgeable))
              AND NOT EXISTS (SELECT 1 FROM observations x JOIN tasks t ON t.id = x.task_id
                              WHERE x.message_id = m.id AND NOT \(taskPurgeable))
              AND NOT EXISTS (SELECT 1 FROM observations x JOIN tasks t ON t.id = x.task_id
                              WHERE x.retired_by_message_id = m.id AND NOT \(taskPurgeable))
              AND NOT EXISTS (SELECT 1 FROM orders WHERE first_message_id = m.id AND state IN ('ordered', 'preliminary'))
              AND NOT EXISTS (SELECT 1 FROM orders WHERE latest_message_id = m.id AND state IN ('ordered', 'preliminary'))
        """

    static func bindPurgeableMessage(_ message: Int64, before: String) -> (inout SQLBindings) -> Void {
        { $0.add(message); $0.add(before); $0.add(before); $0.add(before) }
    }
}
