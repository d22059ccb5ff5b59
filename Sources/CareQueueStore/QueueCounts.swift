import Foundation
import GRDB

/// Open work in one queue, for the dashboard's provider list and the report.
public struct QueueCounts: Sendable, Equatable {
    /// The queue owner; nil is the Unassigned queue.
    public var providerNPI: String?
    /// Not closed (acknowledged included).
    public var open: Int
    /// Open with a running clock at or past its due time.
    public var overdue: Int
    public var critical: Int

    public init(providerNPI: String?, open: Int, overdue: Int, critical: Int) {
        self.providerNPI = providerNPI
        self.open = open
        self.overdue = overdue
        self.critical = critical
    }
}

extension CareQueueDatabase {
    /// Counts per queue with open tasks as of `now`: Unassigned first, then by NPI.
    public func queueCounts(at now: Date) throws -> [QueueCounts] {
        let nowText = StoreTime.text(now)
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT assigned_npi, COUNT(*), SUM(due_at IS NOT NULL AND due_at <= ?), SUM(urgency = 'critical')
                FROM tasks WHERE status <> 'closed' GROUP BY assigned_npi ORDER BY assigned_npi IS NOT NULL, assigned_npi
                """, arguments: [nowText]).map { row in
                QueueCounts(providerNPI: row[0], open: row[1], overdue: row[2], critical: row[3])
            }
        }
    }
}
