import Foundation

/// What the worklist shows: whose queues, which tier, which one queue.
public struct WorklistFilter: Hashable, Sendable {
    /// Only the queues the user works, when the roster names any; false: every queue.
    public var mine: Bool
    /// One tier; nil for all.
    public var tier: Urgency?
    /// One queue, picked with `p`; nil for every queue `mine` allows.
    public var queue: QueueKey?

    public init(mine: Bool = true, tier: Urgency? = nil, queue: QueueKey? = nil) {
        self.mine = mine
        self.tier = tier
        self.queue = queue
    }
}

/// One screenful of the worklist, and the queues the user works.
public struct WorklistPage: Equatable, Sendable {
    /// The filter it was read for (a page read before a key changed it is not shown).
    public var filter: WorklistFilter
    /// Every open task in scope, most urgent first (the queue order, across queues).
    public var found: FoundTasks
    /// The queues the roster says the user works (their own, those naming them a coordinator,
    /// and Unassigned); empty when it names none, and then "mine" is every queue.
    public var myQueues: [QueueKey]

    public init(filter: WorklistFilter, found: FoundTasks, myQueues: [QueueKey]) {
        self.filter = filter
        self.found = found
        self.myQueues = myQueues
    }
}

/// The worklist: open tasks across queues.
public protocol WorklistData {
    /// At most `limit` open tasks from position `offset` in scope of `filter` for `account` (an
    /// operating-system account, matched to roster logins), most urgent first, and how many.
    func worklist(_ filter: WorklistFilter, account: String, offset: Int, limit: Int, at now: Date) throws -> WorklistPage
}
