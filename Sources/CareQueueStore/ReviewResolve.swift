import CareQueueCore
import Foundation

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
        try writeReviewWork { db, audit in
            if let blocked = try Self.reviewBlock(id, db) { return blocked }
            try Self.markResolved(id, note: note, user: user, at: now, db)
            try audit.trail().append(at: now, user: user, action: "message.resolved", taskID: nil,
                                     details: ["message_id": String(id), "note": note], db)
            return .resolved
        }
    }

    /// The advisory lock key of resolving and replaying review-list messages (PostgreSQL).
    static let reviewLockKey: Int64 = 0x4351_5265_7669_6577 // "CQReview"

    /// One write transaction of `review resolve` or `review replay`, anchored after it commits.
    ///
    /// Once per message, whichever host asks: the review lock is taken first (PostgreSQL; SQLite's
    /// one writer needs none), so a second resolve or replay of a message waits for the first and
    /// then reads it resolved. The audit chain's lock is taken on first use, after any message
    /// identity's a replay takes: the order ingest takes them in, so no two writers wait on each
    /// other in a circle.
    func writeReviewWork<T>(_ body: (any SQLConnection, LazyAuditTrail) throws -> T) throws -> T {
        let chain = try auditChain()
        let path = path
        let osUser = osUser
        let value = try engine.write { db in
            try db.lockForTransaction(Self.reviewLockKey)
            return try body(db, LazyAuditTrail(db, chain: chain, osUser: osUser, path: path))
        }
        anchorAfterCommit()
        return value
    }

    /// Why message `id` cannot be resolved or replayed now, or nil when it is open on the review list.
    static func reviewBlock(_ id: Int64, _ db: any SQLConnection) throws -> ReviewResolveOutcome? {
        guard let item = try reviewItem(id: id, db) else { return .notOnReviewList }
        return item.resolution.map { .alreadyResolved($0) }
    }

    static func markResolved(_ id: Int64, note: String, user: String, at now: Date, _ db: any SQLConnection) throws {
        try db.execute("UPDATE messages SET resolved_at = ?, resolved_by = ?, resolution_note = ? WHERE id = ?") {
            $0.add(now)
            $0.add(user)
            $0.add(note)
            $0.add(id)
        }
    }
}
