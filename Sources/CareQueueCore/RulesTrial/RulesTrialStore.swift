import Foundation

/// Which of an order's numbers a task is found by.
public enum OrderNumber: Sendable {
    /// OBR-3 (else ORC-3): the filler's number.
    case filler
    /// OBR-2 (else ORC-2): the placer's number; the latest task under it.
    case placer
}

/// What a stored message with the same sender and control id says about a new one.
public enum StoredMessageMatch: Sendable, Equatable {
    /// The same message (but for MSH-7 and segment terminators) is stored as this id: a resend.
    case same(messageID: Int64)
    /// Another message was first stored under this sender and control id.
    case reused(originalID: Int64)
}

/// What `rules try` reads of a database, and only reads: earlier messages, tasks and tracked
/// referrals and orders, so a dry run over a live database says what ingest would do now.
public protocol RulesTrialStore: ReferralLookup {
    /// The accepted message stored under `sender` and `controlID`, and whether `raw` repeats it.
    func storedMessage(sender: SenderID, controlID: String, raw: [UInt8]) throws -> StoredMessageMatch?
    /// The id of the stored task of the order `key` names, by one of its numbers.
    func storedTaskID(_ key: OrderKey, by number: OrderNumber) throws -> Int64?
    /// Stored task `id` as the ingest rules read it.
    func storedTask(id: Int64) throws -> TaskState?
}

/// A dry run without a database: nothing is on file.
public struct NothingStored: RulesTrialStore {
    public init() {}
    public func storedMessage(sender: SenderID, controlID: String, raw: [UInt8]) -> StoredMessageMatch? { nil }
    public func storedTaskID(_ key: OrderKey, by number: OrderNumber) -> Int64? { nil }
    public func storedTask(id: Int64) -> TaskState? { nil }
    public func referral(mrn: String, ids: [String]) -> ReferralOnFile? { nil }
    public func isLabOrder(mrn: String, placer: String) -> Bool { false }
}
