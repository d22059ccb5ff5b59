import CareQueueCore
import Foundation
import GRDB

/// One message that got AE/AR, for `review list --json`.
public struct ReviewItem: Sendable, Equatable, Encodable {
    public var id: Int64
    public var receivedAt: Date
    /// "APP / FAC" as the message named its sender; "" when it named none (not HL7).
    public var sender: String
    public var controlID: String?
    public var ackCode: String
    public var reason: String
    public var peer: String
    /// HL7 table 0357 code sent in ERR-3.
    public var errorCode: Int?
    /// ERR-2 location, "" when not tied to a field.
    public var location: String
    /// For a control id reused with other content: the message first stored under it.
    public var originalMessageID: Int64?

    public init(id: Int64, receivedAt: Date, sender: String, controlID: String?, ackCode: String, reason: String,
                peer: String, errorCode: Int?, location: String) {
        self.id = id
        self.receivedAt = receivedAt
        self.sender = sender
        self.controlID = controlID
        self.ackCode = ackCode
        self.reason = reason
        self.peer = peer
        self.errorCode = errorCode
        self.location = location
    }

    enum CodingKeys: String, CodingKey {
        case id, receivedAt = "received_at", sender, controlID = "control_id", ackCode = "ack_code", reason
        case peer, errorCode = "error_code", location, originalMessageID = "original_message_id"
    }

    // By hand so absent values are `null` and the instant is ISO 8601 `Z` text.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(StoreTime.text(receivedAt), forKey: .receivedAt)
        try container.encode(sender, forKey: .sender)
        try container.encode(controlID, forKey: .controlID)
        try container.encode(ackCode, forKey: .ackCode)
        try container.encode(reason, forKey: .reason)
        try container.encode(peer, forKey: .peer)
        try container.encode(errorCode, forKey: .errorCode)
        try container.encode(location, forKey: .location)
        try container.encode(originalMessageID, forKey: .originalMessageID)
    }
}

extension CareQueueDatabase {
    /// Messages that were refused (AE/AR), oldest first.
    public func reviewList() throws -> [ReviewItem] {
        try read { db in
            try MessageRecord.fetchAll(db, sql: """
                SELECT \(MessageRecord.selection) FROM messages WHERE ack_code NOT IN ('AA', 'CA') ORDER BY id
                """).map { row in
                let sender = row.sendingApplication
                    .map { SenderID(application: $0, facility: row.sendingFacility ?? "").display } ?? ""
                var item = ReviewItem(id: row.id, receivedAt: StoreTime.date(row.receivedAt) ?? Date(timeIntervalSince1970: 0),
                                      sender: sender, controlID: row.controlID, ackCode: row.ackCode,
                                      reason: row.reason ?? "", peer: row.peer, errorCode: row.errorCode,
                                      location: row.location ?? "")
                item.originalMessageID = row.originalMessageID
                return item
            }
        }
    }

    /// How many messages wait in the review list (the dashboard header).
    public func reviewCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages WHERE ack_code NOT IN ('AA', 'CA')") ?? 0 }
    }

    /// The bytes of a stored message exactly as received, or nil for an unknown id.
    public func rawMessage(id: Int64) throws -> [UInt8]? {
        try read { db in
            try Data.fetchOne(db, sql: "SELECT raw FROM messages WHERE id = ?", arguments: [id]).map { [UInt8]($0) }
        }
    }
}
