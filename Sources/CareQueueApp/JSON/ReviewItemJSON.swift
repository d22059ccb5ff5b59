import CareQueueCore
import Foundation

/// One element of `review list --json`.
public struct ReviewItemJSON: Encodable {
    public let item: ReviewItem

    public init(_ item: ReviewItem) { self.item = item }

    enum CodingKeys: String, CodingKey {
        case id, receivedAt = "received_at", sender, controlID = "control_id", ackCode = "ack_code", reason
        case peer, errorCode = "error_code", location, originalMessageID = "original_message_id"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(item.id, forKey: .id)
        try container.encode(CLIJSON.instant(item.receivedAt), forKey: .receivedAt)
        try container.encode(item.sender, forKey: .sender)
        try container.encode(item.controlID, forKey: .controlID)
        try container.encode(item.ackCode, forKey: .ackCode)
        try container.encode(item.reason, forKey: .reason)
        try container.encode(item.peer, forKey: .peer)
        try container.encode(item.errorCode, forKey: .errorCode)
        try container.encode(item.location, forKey: .location)
        try container.encode(item.originalMessageID, forKey: .originalMessageID)
    }
}
