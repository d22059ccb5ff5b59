import CareQueueCore
import Foundation
import GRDB

extension CareQueueDatabase {
    /// Messages that were refused (AE/AR), oldest first.
    public func reviewList() throws -> [ReviewItem] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, received_at, sending_application, sending_facility, control_id, ack_code, reason, peer,
                    error_code, location, original_message_id
                FROM messages WHERE ack_code NOT IN ('AA', 'CA') ORDER BY id
                """).map { row in
                let application: String? = row[2]
                let sender = application.map { SenderID(application: $0, facility: row[3] ?? "").display } ?? ""
                var item = ReviewItem(id: row[0], receivedAt: StoreTime.date(row[1]) ?? Date(timeIntervalSince1970: 0),
                                      sender: sender, controlID: row[4], ackCode: row[5], reason: row[6] ?? "",
                                      peer: row[7], errorCode: row[8], location: row[9] ?? "")
                item.originalMessageID = row[10]
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
