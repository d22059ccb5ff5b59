import Foundation

/// What every recorded escalation says, whatever it escalated (a task, a review-list message).
public protocol RecordedEscalationStep {
    var level: Int { get }
    /// The threshold instant.
    var dueAt: Date { get }
    /// When a sweep recorded it.
    var recordedAt: Date { get }
    var target: String { get }
    var targetNPIs: [String] { get }
    var reason: String { get }
}

/// One escalation the store recorded.
public struct RecordedEscalation: RecordedEscalationStep, Sendable, Equatable {
    public var taskID: Int64
    public var level: Int
    /// The threshold instant (clock start + window, or + twice the window).
    public var dueAt: Date
    /// When a sweep recorded it.
    public var recordedAt: Date
    public var target: String
    public var targetNPIs: [String]
    public var reason: String

    public init(taskID: Int64, level: Int, dueAt: Date, recordedAt: Date, target: String, targetNPIs: [String],
                reason: String) {
        self.taskID = taskID
        self.level = level
        self.dueAt = dueAt
        self.recordedAt = recordedAt
        self.target = target
        self.targetNPIs = targetNPIs
        self.reason = reason
    }
}

/// One review-list message the store escalated: open past `[windows] review`.
public struct RecordedReviewEscalation: RecordedEscalationStep, Sendable, Equatable {
    public var messageID: Int64
    /// Always 1: the coordinators are told once; the message then waits for them on the list.
    public var level: Int
    /// Its receipt plus the window.
    public var dueAt: Date
    /// When a sweep recorded it.
    public var recordedAt: Date
    public var target: String
    public var targetNPIs: [String]
    /// "Refused message 12 from LAB / MAIN open 1h: …", the network's words escaped and capped.
    public var reason: String

    public init(messageID: Int64, level: Int = 1, dueAt: Date, recordedAt: Date, target: String, targetNPIs: [String],
                reason: String) {
        self.messageID = messageID
        self.level = level
        self.dueAt = dueAt
        self.recordedAt = recordedAt
        self.target = target
        self.targetNPIs = targetNPIs
        self.reason = reason
    }
}

/// What one sweep changed.
public struct SweepReport: Sendable, Equatable {
    public var escalations: [RecordedEscalation] = []
    public var moves: [CoverageMove] = []
    /// Orders that went overdue and became "result not received" tasks.
    public var missingResults: [MissingResultTask] = []
    /// Review-list messages left open past `[windows] review`.
    public var refusedMessages: [RecordedReviewEscalation] = []

    public init(escalations: [RecordedEscalation] = [], moves: [CoverageMove] = [], missingResults: [MissingResultTask] = [],
                refusedMessages: [RecordedReviewEscalation] = []) {
        self.escalations = escalations
        self.moves = moves
        self.missingResults = missingResults
        self.refusedMessages = refusedMessages
    }

    public var isEmpty: Bool { escalations.isEmpty && moves.isEmpty && missingResults.isEmpty && refusedMessages.isEmpty }
}

/// An overdue order the sweep made into a task.
public struct MissingResultTask: Sendable, Equatable {
    public var taskID: Int64
    public var orderID: Int64
    public var assignedNPI: String?
    /// "result not received: Potassium ordered 2026-03-01 08:10, expected by 12:10".
    public var reason: String

    public init(taskID: Int64, orderID: Int64, assignedNPI: String?, reason: String) {
        self.taskID = taskID
        self.orderID = orderID
        self.assignedNPI = assignedNPI
        self.reason = reason
    }
}

/// A task the sweep moved because a coverage period started or ended.
public typealias CoverageMove = TaskReroute

/// A task routing moved after the roster or coverage changed (`roster import`, `coverage import`,
/// `coverage end`, `tasks reroute`, or a coverage period starting or ending).
public struct TaskReroute: Sendable, Equatable {
    public var taskID: Int64
    public var fromNPI: String?
    /// nil: the task went to the Unassigned queue (its provider was retired).
    public var toNPI: String?
    /// The new routing explanation.
    public var explanation: String

    public init(taskID: Int64, fromNPI: String?, toNPI: String?, explanation: String) {
        self.taskID = taskID
        self.fromNPI = fromNPI
        self.toNPI = toNPI
        self.explanation = explanation
    }
}
