import CareQueueCore
import Foundation

/// One element of `outbox list --json` and of a task's `outbox` in `tasks show --json`; `outbox show
/// --json` adds `message` and `ack`.
public struct OutboxEntryJSON: Encodable {
    public let entry: OutboxEntry
    /// The message as written (segments end in CR), for `outbox show`; nil leaves `message` and `ack` out.
    public let message: String?

    public init(_ entry: OutboxEntry, message: String? = nil) {
        self.entry = entry
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case id, taskID = "task_id", event, status, messageType = "message_type", controlID = "control_id"
        case attempts, createdAt = "created_at", deliverableAt = "deliverable_at", nextAttemptAt = "next_attempt_at"
        case lastAttemptAt = "last_attempt_at", firstFailureAt = "first_failure_at", finishedAt = "finished_at"
        case lastError = "last_error", ackCode = "ack_code", patient, test, message, ack
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entry.id, forKey: .id)
        try container.encode(entry.taskID, forKey: .taskID)
        try container.encode(entry.event.rawValue, forKey: .event)
        try container.encode(entry.status.rawValue, forKey: .status)
        try container.encode(entry.messageType, forKey: .messageType)
        try container.encode(entry.controlID, forKey: .controlID)
        try container.encode(entry.attempts, forKey: .attempts)
        try container.encode(CLIJSON.instant(entry.createdAt), forKey: .createdAt)
        try container.encode(CLIJSON.instant(entry.deliverableAt), forKey: .deliverableAt)
        // A row that is finished has no next send.
        try container.encode(entry.status == .waiting ? CLIJSON.instant(entry.nextAttemptAt) : nil, forKey: .nextAttemptAt)
        try container.encode(entry.lastAttemptAt.map(CLIJSON.instant), forKey: .lastAttemptAt)
        try container.encode(entry.firstFailureAt.map(CLIJSON.instant), forKey: .firstFailureAt)
        try container.encode(entry.finishedAt.map(CLIJSON.instant), forKey: .finishedAt)
        try container.encode(entry.lastError, forKey: .lastError)
        try container.encode(entry.ackCode, forKey: .ackCode)
        try container.encode(entry.patient, forKey: .patient)
        try container.encode(entry.test, forKey: .test)
        if let message {
            try container.encode(message, forKey: .message)
            try container.encode(entry.ack, forKey: .ack)
        }
    }
}
