import Foundation

/// One escalation the store recorded.
public struct RecordedEscalation: Sendable, Equatable {
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

/// What one sweep changed.
public struct SweepReport: Sendable, Equatable {
    public var escalations: [RecordedEscalation] = []
    public var moves: [CoverageMove] = []

    public init(escalations: [RecordedEscalation] = [], moves: [CoverageMove] = []) {
        self.escalations = escalations
        self.moves = moves
    }

    public var isEmpty: Bool { escalations.isEmpty && moves.isEmpty }
}

/// A task the sweep moved because a coverage period started or ended.
public struct CoverageMove: Sendable, Equatable {
    public var taskID: Int64
    public var fromNPI: String?
    public var toNPI: String
    /// The new routing explanation ("Dr B covering for Dr A, matched NPI in OBR-16").
    public var explanation: String

    public init(taskID: Int64, fromNPI: String?, toNPI: String, explanation: String) {
        self.taskID = taskID
        self.fromNPI = fromNPI
        self.toNPI = toNPI
        self.explanation = explanation
    }
}
