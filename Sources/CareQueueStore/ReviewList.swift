import CareQueueCore
import Foundation
import GRDB

extension CareQueueDatabase {
    /// Messages that were refused (AE/AR), and acknowledged ones whose tasks could not be made, oldest first.
    public func reviewList() throws -> [ReviewItem] {
        try read { db in
            try MessageRecord.fetchAll(db, sql: """
                SELECT \(MessageRecord.selection) FROM messages WHERE \(Self.onReviewList) ORDER BY id
                """).map { row in
                let sender = row.sendingApplication
                    .map { SenderID(application: $0, facility: row.sendingFacility ?? "").display } ?? ""
                var item = ReviewItem(id: row.id, receivedAt: StoreTime.date(row.receivedAt) ?? Date(timeIntervalSince1970: 0),
                                      sender: sender, controlID: row.controlID, ackCode: row.ackCode,
                                      reason: row.derivationError ?? row.reason ?? "", peer: row.peer, errorCode: row.errorCode,
                                      location: row.location ?? "")
                item.originalMessageID = row.originalMessageID
                return item
            }
        }
    }

    /// How many messages wait in the review list (the dashboard header).
    public func reviewCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages WHERE \(Self.onReviewList)") ?? 0 }
    }

    /// The `messages_review` index's condition, so both queries use it.
    static let onReviewList = "ack_code NOT IN ('AA', 'CA') OR derivation_error IS NOT NULL"

    /// The bytes of a stored message exactly as received, or nil for an unknown id.
    public func rawMessage(id: Int64) throws -> [UInt8]? {
        try read { db in
            try Data.fetchOne(db, sql: "SELECT raw FROM messages WHERE id = ?", arguments: [id]).map { [UInt8]($0) }
        }
    }
}
