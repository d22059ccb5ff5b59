import Foundation

/// Re-opening a closed task: a person's decision, documented like a close.
public enum TaskReopening {
    /// Why task `status` cannot be re-opened with `note`; nil when it can.
    public static func refusal(status: TaskStatus, note: String) -> LifecycleRefusal? {
        guard status == .closed else { return LifecycleRefusal("task is not closed: only a closed task can be re-opened") }
        guard !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return LifecycleRefusal("re-opening needs a note saying why")
        }
        return nil
    }

    /// The new clock of a task re-opened at `now`: due one tier window later.
    public static func dueAt(urgency: Urgency, reopenedAt now: Date, windows: CareQueueConfig.Windows) -> Date {
        now.addingTimeInterval(windows.window(for: urgency))
    }
}

/// Notes added to a task outside an action (a note offered back after a refusal).
public enum TaskNoting {
    /// Why `note` cannot be added; nil when it can.
    public static func refusal(note: String) -> LifecycleRefusal? {
        note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? LifecycleRefusal("a note cannot be empty") : nil
    }
}

/// The audit actions of the dashboard's revisions.
public enum TaskRevisionAudit {
    /// An action undone: details name the undone row (`undone_seq`, `undone_action`) and what was restored.
    public static let undone = "task.undone"
    /// A note added to the task: details `note`. It changes nothing about the task.
    public static let note = "task.note"
    /// A person re-opened a closed task (the same action a correction's re-opening records).
    public static let reopened = TaskEvent.Action.reopened.rawValue
    /// The actions undo can take back: the coordinator's four, and a provider's sign-off.
    public static let undoable = ["ack", "attempt", "close", "reassign", SignoffRule.auditAction]
}
