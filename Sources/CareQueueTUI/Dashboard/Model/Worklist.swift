import CareQueueCore

extension DashboardSettings {
    /// The account the roster's logins and coordinators are matched against: the operating-system
    /// account (the `--user` label when it is not known, as in tests).
    public var rosterAccount: String { accountName.isEmpty ? user : accountName }
}

/// The start screen: open tasks across queues, most urgent first, narrowed by `filter`.
public struct Worklist: Equatable, Sendable {
    public var filter: WorklistFilter
    /// The queues the roster says the user works, as the last page read said (empty: none, so
    /// "mine" is every queue).
    public var myQueues: [QueueKey]
    /// `p`: the queue picker's cursor while it is open (0 is "every queue", then the overview's queues).
    public var picker: Int?
    /// False while the provider queues are on show instead (the filter waits for `w`).
    public var isShown: Bool

    public init(filter: WorklistFilter = WorklistFilter(), myQueues: [QueueKey] = [], picker: Int? = nil,
                isShown: Bool = true) {
        self.filter = filter
        self.myQueues = myQueues
        self.picker = picker
        self.isShown = isShown
    }

    /// "mine" narrows anything: the roster names queues the user works.
    public var narrowsToMine: Bool { filter.mine && !myQueues.isEmpty }

    /// The tiers `t` steps through, in order: all, then each tier by urgency.
    static let tierCycle: [Urgency?] = [nil, .critical, .abnormal, .routine]

    /// The tier after `tier` in `tierCycle`.
    static func nextTier(after tier: Urgency?) -> Urgency? {
        let index = tierCycle.firstIndex(of: tier) ?? 0
        return tierCycle[(index + 1) % tierCycle.count]
    }

    /// "Worklist · mine · critical", "Worklist · Dr Ada Chen", "Worklist · all": what is on show.
    public func title(names: (QueueKey) -> String) -> String {
        var parts = ["Worklist"]
        if let queue = filter.queue {
            parts.append(names(queue))
        } else {
            parts.append(narrowsToMine ? "mine" : "all")
        }
        if let tier = filter.tier { parts.append(tier.rawValue) }
        return parts.joined(separator: " · ")
    }
}
