import CareQueueCore
import Foundation
import GRDB

/// One queue's open tasks of one tier, as the charge-nurse board counts them.
public struct BoardCounts: Sendable, Equatable {
    /// nil is the Unassigned queue.
    public var providerNPI: String?
    public var urgency: Urgency
    public var open: Int
    /// Due at or before now (as the provider list counts overdue).
    public var overdue: Int
    /// At escalation level 1 or 2.
    public var escalated: Int
    /// Not yet due, due within the window asked for.
    public var dueSoon: Int

    public init(providerNPI: String?, urgency: Urgency, open: Int, overdue: Int, escalated: Int, dueSoon: Int) {
        self.providerNPI = providerNPI
        self.urgency = urgency
        self.open = open
        self.overdue = overdue
        self.escalated = escalated
        self.dueSoon = dueSoon
    }
}

extension CareQueueDatabase {
    /// Open-task counts per queue and tier as of `now`; "due soon" is due within `dueSoonWithin`.
    public func boardCounts(at now: Date, dueSoonWithin: TimeInterval) throws -> [BoardCounts] {
        let nowText = StoreTime.text(now)
        let soonText = StoreTime.text(now.addingTimeInterval(dueSoonWithin))
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT assigned_npi, urgency, COUNT(*),
                    SUM(due_at IS NOT NULL AND due_at <= ?),
                    SUM(escalation_level > 0),
                    SUM(due_at IS NOT NULL AND due_at > ? AND due_at <= ?)
                FROM tasks WHERE status <> 'closed' GROUP BY assigned_npi, urgency
                """, arguments: [nowText, nowText, soonText]).map { row in
                BoardCounts(providerNPI: row[0], urgency: Urgency(rawValue: row[1]) ?? .routine, open: row[2],
                            overdue: row[3], escalated: row[4], dueSoon: row[5])
            }
        }
    }
}
