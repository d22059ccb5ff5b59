import CareQueueCore
import Foundation

/// What `review replay` did.
public enum ReviewReplayOutcome: Sendable, Equatable {
    /// Stored again as message `messageID` and derived: these tasks were made or updated.
    case replayed(messageID: Int64, taskIDs: [Int64])
    /// Stored again as `messageID`, but its tasks could not be made: that message is on the review list now.
    case replayedWithoutTasks(messageID: Int64, reason: String)
    /// Intake under today's configuration still refuses the bytes; the message stays on the list.
    case stillRefused(Refusal)
    /// Another accepted message already holds this sender and control id (the lab resent it).
    case alreadyAccepted(messageID: Int64)
    case blocked(ReviewResolveOutcome)
}

extension CareQueueDatabase {
    /// Runs intake again on message `id`'s stored bytes under `config` (and the roster as it is now).
    ///
    /// A message that now passes is stored as a new accepted message (`replay_of` = `id`, received at
    /// the original time so its clock counts from when the lab sent it), `id` is resolved as
    /// "replayed as message N" and both are audited as `message.replayed` in one transaction; then
    /// derivation runs in this process up to the new message, as the listener's writer would (the
    /// mark is shared, so whichever process gets there first derives it, once).
    ///
    /// Never a duplicate of itself: the original was refused, so it holds no accepted identity;
    /// an acknowledged message whose tasks could not be made does, so its replay is stored as an
    /// accepted reuse of it (`original_message_id`). A second replay finds `id` resolved.
    public func replayReviewMessage(id: Int64, config: CareQueueConfig, user: String, at now: Date,
                                    timeSource: any TimeSource = SystemTimeSource()) throws -> ReviewReplayOutcome {
        let stored = try writeReviewWork { db, audit -> ReviewReplayOutcome in
            if let blocked = try Self.reviewBlock(id, db) { return .blocked(blocked) }
            guard let original = try ReplaySource.fetch(id, db) else { return .blocked(.notOnReviewList) }
            let intake = FrameIntake(processingIDs: config.listener.processingIDs)
            let item = intake.classify(original.raw, peer: original.peer, receivedAt: original.receivedAt).item
            guard let accepted = item.content.acceptedIdentity else {
                guard case .refused(let refusal) = item.content else { preconditionFailure("classified as accepted") }
                try audit.trail().append(at: now, user: user, action: "message.replay_refused", taskID: nil,
                                         details: ["message_id": String(id), "ack_code": refusal.kind.rawValue,
                                                   "error_code": String(refusal.code.rawValue)], db)
                return .stillRefused(refusal)
            }
            // Before the audit chain's lock, as ingest takes them: a listener storing a resend of it
            // right now commits first, and its row is found below.
            try db.lockForTransaction(named: MessageIngest.identityLockText(accepted.sender, accepted.controlID))
            // The accepted message this one may reuse the identity of: only itself, when it was accepted.
            let ownIdentity = original.accepted ? (original.originalMessageID ?? id) : nil
            let holder = try MessageIngest.originalMessageID(accepted.sender, accepted.controlID, db)
            if let holder, holder != ownIdentity { return .alreadyAccepted(messageID: holder) }
            let replayID = try db.insertReturningID(IngestSQL.insertMessage) {
                $0.add(StoreTime.text(original.receivedAt))
                $0.add(original.peer)
                $0.add(accepted.sender.application)
                $0.add(accepted.sender.facility)
                $0.add(accepted.controlID)
                $0.add(accepted.version)
                $0.add(original.raw)
                $0.add("AA")
                $0.addNull()
                $0.addNull()
                $0.addNull()
                $0.add(ownIdentity)
                $0.add(item.charsetWarning)
            }
            try DerivationQueue.enqueue(replayID, db)
            try db.execute("UPDATE messages SET replay_of = ? WHERE id = ?") {
                $0.add(id)
                $0.add(replayID)
            }
            try Self.markResolved(id, note: "replayed as message \(replayID)", user: user, at: now, db)
            try audit.trail().append(at: now, user: user, action: "message.replayed", taskID: nil,
                                     details: ["message_id": String(id), "replay_message_id": String(replayID)], db)
            return .replayed(messageID: replayID, taskIDs: [])
        }
        guard case .replayed(let replayID, _) = stored else { return stored }
        try deriveThrough(replayID, config: config, timeSource: timeSource)
        return try engine.read { db in
            if let reason = try db.value(String.self, "SELECT derivation_error FROM messages WHERE id = ?", { $0.add(replayID) }) {
                return .replayedWithoutTasks(messageID: replayID, reason: reason)
            }
            let tasks = try db.values(Int64.self, "SELECT id FROM tasks WHERE latest_message_id = ? ORDER BY id") {
                $0.add(replayID)
            }
            return .replayed(messageID: replayID, taskIDs: tasks)
        }
    }

    /// Derives every stored message up to `messageID` in this process (chunks end where any
    /// process's last chunk ended, so a listener deriving meanwhile only shortens the work).
    private func deriveThrough(_ messageID: Int64, config: CareQueueConfig, timeSource: any TimeSource) throws {
        let derivation = Derivation(database: self, config: config, timeSource: timeSource)
        while true {
            let chunk = try derivation.runChunk(time: .milliseconds(200))
            if chunk.derivedThrough >= messageID || chunk.caughtUp { return }
        }
    }
}

/// The stored row a replay reads.
private struct ReplaySource {
    var raw: [UInt8]
    var peer: String
    var receivedAt: Date
    /// Acknowledged (AA/CA) but its tasks could not be made.
    var accepted: Bool
    var originalMessageID: Int64?

    static func fetch(_ id: Int64, _ db: any SQLConnection) throws -> ReplaySource? {
        guard let row = try db.fetchOne("""
            SELECT raw, peer, received_at, ack_code, original_message_id FROM messages WHERE id = ?
            """, { $0.add(id) }) else { return nil }
        let ackCode: String = row["ack_code"]
        return ReplaySource(raw: [UInt8](row["raw"] as Data), peer: row["peer"],
                            receivedAt: StoreTime.date(row["received_at"] as String) ?? Date(timeIntervalSince1970: 0),
                            accepted: ackCode == "AA" || ackCode == "CA", originalMessageID: row["original_message_id"])
    }
}
