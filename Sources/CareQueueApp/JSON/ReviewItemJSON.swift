import CareQueueCore
import CareQueueTUI
import Foundation

/// One element of `review list --json`; `review show --json` adds `segments`.
public struct ReviewItemJSON: Encodable {
    public let item: ReviewItem
    /// The raw message for `review show`: one segment per element, control characters shown (`<CR>`).
    public let segments: [String]?

    public init(_ item: ReviewItem) { self.init(item, raw: nil) }

    public init(_ item: ReviewItem, raw: [UInt8]?) {
        self.item = item
        segments = raw.map(RawMessageText.lines)
    }

    enum CodingKeys: String, CodingKey {
        case id, receivedAt = "received_at", sender, controlID = "control_id", ackCode = "ack_code", reason
        case peer, errorCode = "error_code", location, originalMessageID = "original_message_id"
        case resolvedAt = "resolved_at", resolvedBy = "resolved_by", resolutionNote = "resolution_note"
        case replayedAs = "replayed_as", escalatedAt = "escalated_at", segments
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
        try container.encode(item.resolution.map { CLIJSON.instant($0.at) }, forKey: .resolvedAt)
        try container.encode(item.resolution?.by, forKey: .resolvedBy)
        try container.encode(item.resolution?.note, forKey: .resolutionNote)
        try container.encode(item.resolution?.replayedAs, forKey: .replayedAs)
        try container.encode(item.escalatedAt.map(CLIJSON.instant), forKey: .escalatedAt)
        if let segments { try container.encode(segments, forKey: .segments) }
    }
}
