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
            try BoardCountRow.fetchAll(db, sql: """
                SELECT assigned_npi, urgency, COUNT(*) AS open,
                    SUM(due_at IS NOT NULL AND due_at <= ?) AS overdue,
                    SUM(escalation_level > 0) AS escalated,
                    SUM(due_at IS NOT NULL AND due_at > ? AND due_at <= ?) AS due_soon
                FROM tasks WHERE status <> 'closed' GROUP BY assigned_npi, urgency
                """, arguments: [nowText, nowText, soonText]).map { row in
                BoardCounts(providerNPI: row.assignedNPI, urgency: Urgency(rawValue: row.urgency) ?? .routine,
                            open: row.open, overdue: row.overdue, escalated: row.escalated, dueSoon: row.dueSoon)
            }
        }
    }
}

/// One group of the board's count, its aggregates read by their aliases.
private struct BoardCountRow: FetchableRecord {
    enum Columns {
        static let open = Column("open")
        static let overdue = Column("overdue")
        static let escalated = Column("escalated")
        static let dueSoon = Column("due_soon")
    }

    var assignedNPI: String?
    var urgency: String
    var open: Int
    var overdue: Int
    var escalated: Int
    var dueSoon: Int

    init(row: Row) throws {
        assignedNPI = row[TaskRecord.Columns.assignedNPI]
        urgency = row[TaskRecord.Columns.urgency]
        open = row[Columns.open]
        overdue = row[Columns.overdue]
        escalated = row[Columns.escalated]
        dueSoon = row[Columns.dueSoon]
    }
}
