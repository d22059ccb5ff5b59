import CareQueueCore
import Foundation

/// Open work in one queue, for the dashboard's provider list and the report.
public struct QueueCounts: Sendable, Equatable {
    /// The queue owner; nil is the Unassigned queue.
    public var providerNPI: String?
    /// Not closed (acknowledged included).
    public var open: Int
    /// Open with a running clock at or past its due time.
    public var overdue: Int
    public var critical: Int
    /// Critical with the clock still running: not yet acknowledged.
    public var criticalWaiting: Int = 0

    public init(providerNPI: String?, open: Int, overdue: Int, critical: Int) {
        self.providerNPI = providerNPI
        self.open = open
        self.overdue = overdue
        self.critical = critical
    }
}

extension CareQueueDatabase {
    /// Counts per queue with open tasks as of `now`: Unassigned first, then by NPI. Kept current
    /// from the writes since the last call (`OpenTaskTally`), not counted afresh.
    public func queueCounts(at now: Date) throws -> [QueueCounts] {
        let tally = openTaskTally
        let groups = try engine.read { db in try tally.counts(at: now, db) }
        var byQueue: [String?: QueueCounts] = [:]
        for (group, counts) in groups where counts.open > 0 {
            var queue = byQueue[group.npi] ?? QueueCounts(providerNPI: group.npi, open: 0, overdue: 0, critical: 0)
            queue.open += counts.open
            queue.overdue += counts.overdue
            if group.urgency == Urgency.critical.rawValue {
                queue.critical += counts.open
                queue.criticalWaiting += counts.waiting
            }
            byQueue[group.npi] = queue
        }
        return byQueue.values.sorted { ($0.providerNPI == nil ? 0 : 1, $0.providerNPI ?? "") < ($1.providerNPI == nil ? 0 : 1, $1.providerNPI ?? "") }
    }
}
