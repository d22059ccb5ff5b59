import CareQueueCore
import Foundation
import GRDB

extension CareQueueDatabase {
    /// Messages that were refused (AE/AR), and acknowledged ones whose tasks could not be made, oldest
    /// first: the open ones, or with `includingResolved` also those resolved or replayed.
    public func reviewList(includingResolved: Bool = false) throws -> [ReviewItem] {
        try read { db in
            let condition = includingResolved ? Self.onReviewList : Self.openOnReviewList
            return try MessageRecord.fetchAll(db, sql: """
                SELECT \(MessageRecord.selection), \(Self.replayedAs), \(Self.escalatedAt) FROM messages
                WHERE \(condition) ORDER BY id
                """).map(Self.item(from:))
        }
    }

    /// One message of the review list (open or not) by id; nil when no stored message has it or it
    /// was never on the list (an accepted message with its tasks).
    public func reviewItem(id: Int64) throws -> ReviewItem? {
        try read { db in try Self.reviewItem(id: id, db) }
    }

    static func reviewItem(id: Int64, _ db: Database) throws -> ReviewItem? {
        try MessageRecord.fetchOne(db, sql: """
            SELECT \(MessageRecord.selection), \(replayedAs), \(escalatedAt) FROM messages
            WHERE id = ? AND (\(onReviewList))
            """, arguments: [id]).map(item(from:))
    }

    /// How many messages wait in the open review list (the dashboard header).
    public func reviewCount() throws -> Int {
        try engine.read { db in try db.value(Int.self, "SELECT COUNT(*) FROM messages WHERE \(Self.openOnReviewList)") ?? 0 }
    }

    /// The `messages_review` index's condition, so every query uses it.
    static let onReviewList = "ack_code NOT IN ('AA', 'CA') OR derivation_error IS NOT NULL"
    /// On the list and not yet resolved (the index's condition is one of its terms, so it still serves).
    static let openOnReviewList = "(\(onReviewList)) AND resolved_at IS NULL"
    /// The message a replay stored from this one's bytes (`messages_replay_of` answers it).
    private static let replayedAs = "(SELECT r.id FROM messages r WHERE r.replay_of = messages.id) AS replayed_as"
    /// When the review clock escalated it (the UNIQUE key of `review_escalations` answers it).
    private static let escalatedAt = """
        (SELECT e.recorded_at FROM review_escalations e WHERE e.message_id = messages.id AND e.level = 1) AS escalated_at
        """

    private static func item(from row: MessageRecord) -> ReviewItem {
        let sender = row.sendingApplication
            .map { SenderID(application: $0, facility: row.sendingFacility ?? "").display } ?? ""
        var item = ReviewItem(id: row.id, receivedAt: StoreTime.date(row.receivedAt) ?? Date(timeIntervalSince1970: 0),
                              sender: sender, controlID: row.controlID, ackCode: row.ackCode,
                              reason: row.derivationError ?? row.reason ?? "", peer: row.peer, errorCode: row.errorCode,
                              location: row.location ?? "")
        item.originalMessageID = row.originalMessageID
        item.escalatedAt = row.escalatedAt.flatMap(StoreTime.date)
        if let resolvedAt = row.resolvedAt.flatMap(StoreTime.date) {
            item.resolution = ReviewResolution(at: resolvedAt, by: row.resolvedBy ?? "", note: row.resolutionNote ?? "",
                                               replayedAs: row.replayedAs)
        }
        return item
    }

    /// The bytes of a stored message exactly as received, or nil for an unknown id.
    public func rawMessage(id: Int64) throws -> [UInt8]? {
        try read { db in
            try Data.fetchOne(db, sql: "SELECT raw FROM messages WHERE id = ?", arguments: [id]).map { [UInt8]($0) }
        }
    }
}
