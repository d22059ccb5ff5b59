import CareQueueCore
import Foundation
import GRDB

/// What `review resolve` did.
public enum ReviewResolveOutcome: Sendable, Equatable {
    case resolved
    /// No stored message has the id, or it is an accepted message with its tasks (never on the list).
    case notOnReviewList
    case alreadyResolved(ReviewResolution)
}

extension CareQueueDatabase {
    /// Takes message `id` off the open review list with `note` (why nothing more is to be done:
    /// the lab resent it corrected, it was a test message …), audited as `message.resolved`.
    /// The row, its bytes and its original answer stay; `review list --all` still shows it.
    public func resolveReviewMessage(id: Int64, note: String, user: String, at now: Date) throws -> ReviewResolveOutcome {
        try writeAudited { db, audit in
            if let blocked = try Self.reviewBlock(id, db) { return blocked }
            try Self.markResolved(id, note: note, user: user, at: now, db)
            try audit.append(at: now, user: user, action: "message.resolved", taskID: nil,
                             details: ["message_id": String(id), "note": note], db)
            return .resolved
        }
    }

    /// Why message `id` cannot be resolved or replayed now, or nil when it is open on the review list.
    static func reviewBlock(_ id: Int64, _ db: Database) throws -> ReviewResolveOutcome? {
        guard let item = try reviewItem(id: id, db) else { return .notOnReviewList }
        return item.resolution.map { .alreadyResolved($0) }
    }

    static func markResolved(_ id: Int64, note: String, user: String, at now: Date, _ db: Database) throws {
        try db.execute(sql: "UPDATE messages SET resolved_at = ?, resolved_by = ?, resolution_note = ? WHERE id = ?",
                       arguments: [StoreTime.text(now), user, note, id])
    }
}
