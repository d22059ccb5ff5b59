import CareQueueCore
import Foundation

extension CareQueueDatabase {
    /// Re-opens closed task `id` with a new clock (due one tier window from `now`, escalation level
    /// 0, nobody's acknowledgement), marked re-opened, with a `task.reopened` row carrying `note`.
    public func reopen(task id: Int64, note: String, by user: String, at now: Date,
                       windows: CareQueueConfig.Windows) throws {
        let now = StoreTime.truncated(now)
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        let account = osUser
        let outbox = outboxPolicy
        let refusal: TaskActionError? = try writeAudited { db, audit in
            guard let record = try db.fetchOne("SELECT * FROM tasks WHERE id = ?", { $0.add(id) }).map(TaskRecord.init) else {
                return .unknownTask(id)
            }
            let before = record.actionState
            if let refusal = TaskReopening.refusal(status: before.lifecycle.status, note: note) { return .refused(refusal) }
            var after = before
            after.lifecycle = LifecycleState(status: .open, assignedNPI: before.lifecycle.assignedNPI,
                                             failedAttempts: before.lifecycle.failedAttempts,
                                             signoff: before.lifecycle.signoff, coveringForNPI: before.coveringForNPI)
            after.closure = nil
            after.acknowledgedAt = nil
            after.acknowledgedBy = nil
            after.clockStoppedAt = nil
            after.dueAt = TaskReopening.dueAt(urgency: before.urgency, reopenedAt: now, windows: windows)
            // Only the row as read is re-opened: a write by another host since is never undone.
            let changed = try db.execute("""
                UPDATE tasks SET status = 'open', closed_at = NULL, closed_by = NULL, close_outcome = NULL,
                    close_note = NULL, acknowledged_at = NULL, acknowledged_by = NULL, clock_started_at = ?,
                    due_at = ?, clock_stopped_at = NULL, escalation_level = 0, reopened = 1,
                    version = version + 1, updated_at = ?
                WHERE id = ? AND version = ?
                """) {
                $0.add(now)
                $0.add(after.dueAt)
                $0.add(now)
                $0.add(id)
                $0.add(record.version)
            }
            guard changed == 1 else {
                return .refused(LifecycleRefusal("task \(id) changed while re-opening; try again"))
            }
            try audit.append(at: now, user: user, action: TaskRevisionAudit.reopened, taskID: id, detailsJSON: JSONText.object(raw: [
                "reason": JSONText.quoted("re-opened by \(user)"),
                "previous_outcome": JSONText.nullable(before.closure?.outcome.rawValue),
                "note": JSONText.quoted(note),
                "before": TaskActionRows.fields(before),
                "after": TaskActionRows.fields(after),
            ]), db)
            try OutboxRows.enqueue(.reopen, taskID: id, at: now, user: user, account: account, note: note,
                                   auditSeq: audit.latestSeq, policy: outbox, db)
            return nil
        }
        if let refusal { throw refusal }
    }
}
