import Foundation

/// What a dry run remembers of the messages it has tried, layered over what the database holds,
/// so a series (preliminary → final), a batch, or a referral followed by its consult note come out
/// as ingest would make them in that order.
struct TrialMemory: Sendable {
    struct Accepted: Sendable {
        var label: String
        /// `SameMessage.normalized` bytes.
        var normalized: [UInt8]
    }

    struct TaskSlot: Sendable {
        var state: TaskState
        /// The stored task it continues; nil for one this trial made.
        var storedID: Int64?
        /// The label of the message that made (or first changed) it.
        var madeBy: String

        var target: TrialTask.Target {
            storedID.map { .stored(id: $0) } ?? .earlier(madeBy)
        }
    }

    /// What duplicates are keyed on: MSH-3, MSH-4 and MSH-10.
    struct Identity: Hashable, Sendable {
        var sender: SenderID
        var controlID: String
    }

    struct MRNNumber: Hashable, Sendable {
        var mrn: String
        var number: String
    }

    struct OrderSlotKey: Hashable, Sendable {
        var kind: OrderMessage.Kind
        var mrn: String
        var placer: String
        var test: String
    }

    /// Accepted messages by sender and control id, first stored first.
    var accepted: [Identity: [Accepted]] = [:]
    var tasks: [TaskSlot] = []
    /// Referrals tracked in this trial, in arrival order.
    var referrals: [ReferralOnFile] = []
    var labOrders: Set<MRNNumber> = []
    /// First order time of each order and referral tracked in this trial (an `XO` keeps it).
    var orderedAt: [OrderSlotKey: Date] = [:]

    /// The task ingest would find for `key`: by filler number first, else the latest by placer
    /// number — in this trial's memory before the store's (what this trial changed is newer). The
    /// index is the slot's in `tasks`, nil for a stored task this trial has not changed yet.
    func task(_ key: OrderKey, store: some RulesTrialStore) throws -> (index: Int?, slot: TaskSlot)? {
        for number in [OrderNumber.filler, .placer] {
            if let index = tasks.lastIndex(where: { Self.matches($0.state.key, key, by: number) }) {
                return (index, tasks[index])
            }
            if let id = try store.storedTaskID(key, by: number) {
                if let index = tasks.lastIndex(where: { $0.storedID == id }) { return (index, tasks[index]) }
                if let state = try store.storedTask(id: id) {
                    return (nil, TaskSlot(state: state, storedID: id, madeBy: "task \(id)"))
                }
            }
        }
        return nil
    }

    /// Keeps `slot` as the task's state after this message (at `index`, else as a new slot).
    mutating func remember(_ slot: TaskSlot, at index: Int?) {
        if let index { tasks[index] = slot } else { tasks.append(slot) }
    }

    private static func matches(_ stored: OrderKey, _ key: OrderKey, by number: OrderNumber) -> Bool {
        guard stored.sender == key.sender, stored.serviceCode == key.serviceCode else { return false }
        switch number {
        case .filler: return key.fillerNumber != nil && stored.fillerNumber == key.fillerNumber
        case .placer: return key.placerNumber != nil && stored.placerNumber == key.placerNumber
        }
    }
}

/// Referrals and lab orders: the store's first (they were tracked earlier), then this trial's.
struct TrialReferrals<Store: RulesTrialStore>: ReferralLookup {
    let memory: TrialMemory
    let store: Store

    func referral(mrn: String, ids: [String]) throws -> ReferralOnFile? {
        for id in ids {
            if let stored = try store.referral(mrn: mrn, ids: [id]) { return stored }
            if let tried = memory.referrals.first(where: { $0.mrn == mrn && $0.placerNumber == id }) { return tried }
        }
        return nil
    }

    func isLabOrder(mrn: String, placer: String) throws -> Bool {
        try memory.labOrders.contains(.init(mrn: mrn, number: placer)) || store.isLabOrder(mrn: mrn, placer: placer)
    }
}
