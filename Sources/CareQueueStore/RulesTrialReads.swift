import CareQueueCore
import Foundation

/// `rules try` over this database: read only, inside one read transaction (one snapshot), so a
/// listener writing meanwhile changes nothing the trial sees, and the trial changes nothing.
extension CareQueueDatabase {
    /// Tries `inputs` in order with `trial` against what the database holds; returns what each would do.
    /// `asNew` is for messages read from this database (`--stored`): each is tried as if it had not
    /// been stored — it would otherwise be a duplicate of itself and update its own task — and only
    /// tracked referrals and orders are read.
    public func tryRules(_ inputs: [RulesTrial.Input], with trial: RulesTrial, asNew: Bool = false) throws -> [TrialMessage] {
        try engine.read { db in
            var trial = trial
            let store = StoredTrialState(db: db, readsMessagesAndTasks: !asNew)
            return try inputs.map { try trial.run($0, store: store) }
        }
    }

    /// Messages received at or after `since` (refused ones too), oldest first: id and bytes as received.
    public func storedMessages(since: Date) throws -> [(id: Int64, raw: [UInt8])] {
        try engine.read { db in
            try db.fetchAll("SELECT id, raw FROM messages WHERE received_at >= ? ORDER BY id") {
                $0.add(StoreTime.text(since))
            }.map { row -> (id: Int64, raw: [UInt8]) in (row["id"], [UInt8](row["raw"] as Data)) }
        }
    }
}

/// Earlier messages, tasks, referrals and orders as ingest would find them, read on `db`.
struct StoredTrialState: RulesTrialStore {
    let db: any SQLConnection
    let readsMessagesAndTasks: Bool

    func storedMessage(sender: SenderID, controlID: String, raw: [UInt8]) throws -> StoredMessageMatch? {
        guard readsMessagesAndTasks, let original = try MessageIngest.originalMessageID(sender, controlID, db) else { return nil }
        if let same = try MessageIngest.sameMessage(raw, original: original, db) { return .same(messageID: same) }
        return .reused(originalID: original)
    }

    func storedTaskID(_ key: OrderKey, by number: OrderNumber) throws -> Int64? {
        guard readsMessagesAndTasks else { return nil }
        return try TaskRows.find(key, by: number, db)
    }

    func storedTask(id: Int64) throws -> TaskState? {
        try TaskRows.load(id, db)?.state
    }

    func referral(mrn: String, ids: [String]) throws -> ReferralOnFile? {
        try ReferralMatching.tracked(mrn: mrn, ids: ids, db)
    }

    func isLabOrder(mrn: String, placer: String) throws -> Bool {
        try ReferralMatching.isLabOrder(mrn: mrn, placer: placer, db)
    }
}
