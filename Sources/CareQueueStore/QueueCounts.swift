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
            try QueueCountRow.fetchAll(db, sql: """
                SELECT assigned_npi, COUNT(*) AS open, SUM(due_at IS NOT NULL AND due_at <= ?) AS overdue,
                    SUM(urgency = 'critical') AS critical
                FROM tasks WHERE status <> 'closed' GROUP BY assigned_npi ORDER BY assigned_npi IS NOT NULL, assigned_npi
                """, arguments: [nowText]).map { row in
                QueueCounts(providerNPI: row.assignedNPI, open: row.open, overdue: row.overdue, critical: row.critical)
            }
        }
    }
}

/// One group of the per-queue count, its aggregates read by their aliases.
private struct QueueCountRow: FetchableRecord {
    enum Columns {
        static let open = Column("open")
        static let overdue = Column("overdue")
        static let critical = Column("critical")
    }

    var assignedNPI: String?
    var open: Int
    var overdue: Int
    var critical: Int

    init(row: Row) throws {
        assignedNPI = row[TaskRecord.Columns.assignedNPI]
        open = row[Columns.open]
        overdue = row[Columns.overdue]
        critical = row[Columns.critical]
    }
}
