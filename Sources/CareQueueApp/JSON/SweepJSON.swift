import CareQueueCore
import CareQueueStore
import Foundation

/// `escalations run --json`.
public struct SweepJSON: Encodable {
    public var asOf: Date
    public var report: SweepReport

    public init(asOf: Date, report: SweepReport) {
        self.asOf = asOf
        self.report = report
    }

    struct Move: Encodable {
        var taskID: Int64
        var fromNPI: String?
        /// nil: moved to the Unassigned queue.
        var toNPI: String?
        var explanation: String

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id", fromNPI = "from_npi", toNPI = "to_npi", explanation
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(taskID, forKey: .taskID)
            try container.encode(fromNPI, forKey: .fromNPI)
            try container.encode(toNPI, forKey: .toNPI)
            try container.encode(explanation, forKey: .explanation)
        }
    }

    struct Missing: Encodable {
        var taskID: Int64
        var orderID: Int64
        var assignedNPI: String?
        var reason: String

        enum CodingKeys: String, CodingKey {
            case taskID = "task_id", orderID = "order_id", assignedNPI = "assigned_npi", reason
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(taskID, forKey: .taskID)
            try container.encode(orderID, forKey: .orderID)
            try container.encode(assignedNPI, forKey: .assignedNPI)
            try container.encode(reason, forKey: .reason)
        }
    }

    enum CodingKeys: String, CodingKey {
        case asOf = "as_of", escalations, moves, missingResults = "missing_results", refusedMessages = "refused_messages"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(CLIJSON.instant(asOf), forKey: .asOf)
        try container.encode(report.escalations.map(EscalationJSON.init), forKey: .escalations)
        try container.encode(report.moves.map {
            Move(taskID: $0.taskID, fromNPI: $0.fromNPI, toNPI: $0.toNPI, explanation: $0.explanation)
        }, forKey: .moves)
        try container.encode(report.missingResults.map {
            Missing(taskID: $0.taskID, orderID: $0.orderID, assignedNPI: $0.assignedNPI, reason: $0.reason)
        }, forKey: .missingResults)
        try container.encode(report.refusedMessages.map(ReviewEscalationJSON.init), forKey: .refusedMessages)
    }
}

/// One review-list message the sweep escalated, in `escalations run --json`'s `refused_messages`.
public struct ReviewEscalationJSON: Encodable {
    public let escalation: RecordedReviewEscalation

    public init(_ escalation: RecordedReviewEscalation) { self.escalation = escalation }

    public func encode(to encoder: any Encoder) throws {
        try EscalationStepJSON.encode(escalation, subject: .messageID, id: escalation.messageID, to: encoder)
    }
}
