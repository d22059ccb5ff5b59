import Foundation

/// The audit row one access event becomes: who (the `--user` label; the store adds the account),
/// what, when, and from which terminal.
public struct AccessAuditEntry: Sendable, Equatable {
    /// A task's detail (its patient) was shown: `task_id` set; details `via` and `terminal`.
    public static let taskViewed = "task.viewed"
    /// A stored message's raw bytes were shown: details `message_id`, `via` ("raw") and `terminal`.
    /// A message, not a task: a refused one has no task, and one message may report several.
    public static let messageViewed = "message.viewed"
    /// Details `mode` ("worklist", "board", "kiosk") and `terminal`.
    public static let dashboardStarted = "dashboard.started"
    public static let dashboardEnded = "dashboard.ended"
    public static let screenLocked = "screen.locked"
    public static let screenUnlocked = "screen.unlocked"

    /// Every action an access event records: none of them changes a task.
    public static let actions: Set<String> = [taskViewed, messageViewed, dashboardStarted, dashboardEnded,
                                              screenLocked, screenUnlocked]

    /// How a task came to be shown: the dashboard's detail, `tasks show`, or `outbox show` (the
    /// message written back to the EHR holds the patient's PID and the coordinator's note).
    public enum Via: String, Sendable {
        case detail
        case raw
        case tasksShow = "tasks show"
        case outboxShow = "outbox show"
        /// `review show`: a review-list message's bytes (recorded as `message.viewed`).
        case reviewShow = "review show"
    }

    public var at: Date
    public var user: String
    public var action: String
    public var taskID: Int64?
    public var details: [String: String]

    public init(at: Date, user: String, action: String, taskID: Int64?, details: [String: String]) {
        self.at = at
        self.user = user
        self.action = action
        self.taskID = taskID
        self.details = details
    }

    /// The row for `event`, seen on `terminal` (a tty path, or "none"); a task shown is shown `via`.
    public init(_ event: AccessEvent, at: Date, user: String, terminal: String, via: Via = .detail) {
        var details = ["terminal": terminal]
        let action: String
        var taskID: Int64?
        switch event {
        case .dashboardStarted(let mode):
            action = Self.dashboardStarted
            details["mode"] = mode
        case .dashboardEnded:
            action = Self.dashboardEnded
        case .taskViewed(let id):
            action = Self.taskViewed
            taskID = id
            details["via"] = via.rawValue
        case .rawMessageViewed(let messageID):
            action = Self.messageViewed
            details["message_id"] = String(messageID)
            details["via"] = Via.raw.rawValue
        case .screenLocked:
            action = Self.screenLocked
        case .screenUnlocked:
            action = Self.screenUnlocked
        }
        self.init(at: at, user: user, action: action, taskID: taskID, details: details)
    }
}
