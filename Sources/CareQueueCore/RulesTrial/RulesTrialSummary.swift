/// The counts `rules try` ends with.
public struct RulesTrialSummary: Sendable, Equatable {
    public var messages = 0
    /// Accepted, and every task it makes lands in someone's queue (or it only tracks orders).
    public var routed = 0
    /// Accepted, with at least one task in the Unassigned queue.
    public var unassigned = 0
    public var refused = 0
    public var duplicates = 0
    public var newTasks = 0
    public var updatedTasks = 0
    /// The tier of each task outcome (new or updated).
    public var byUrgency: [Urgency: Int] = [:]
    public var orders = 0

    public init(_ trials: [TrialMessage]) {
        messages = trials.count
        for trial in trials {
            switch trial.verdict {
            case .refused: refused += 1
            case .duplicate: duplicates += 1
            case .accepted:
                if trial.tasks.contains(where: \.isUnassigned) { unassigned += 1 } else { routed += 1 }
            }
            for task in trial.tasks {
                if task.target == .new { newTasks += 1 } else { updatedTasks += 1 }
                byUrgency[task.urgency, default: 0] += 1
            }
            orders += trial.orders.count
        }
    }
}
