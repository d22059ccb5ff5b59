import CareQueueCore
import Foundation

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
    /// The clock still runs (for critical and abnormal tasks: not yet acknowledged).
    public var waiting: Int
    /// At escalation level 2.
    public var levelTwo: Int

    public init(providerNPI: String?, urgency: Urgency, open: Int, overdue: Int, escalated: Int, dueSoon: Int,
                waiting: Int = 0, levelTwo: Int = 0) {
        self.providerNPI = providerNPI
        self.urgency = urgency
        self.open = open
        self.overdue = overdue
        self.escalated = escalated
        self.dueSoon = dueSoon
        self.waiting = waiting
        self.levelTwo = levelTwo
    }
}

extension CareQueueDatabase {
    /// Open-task counts per queue and tier as of `now`; "due soon" is due within `dueSoonWithin`.
    /// Open, overdue and escalated come from `OpenTaskTally`; due soon reads only the tasks due in
    /// the window (two ranges of the find-order index).
    public func boardCounts(at now: Date, dueSoonWithin: TimeInterval) throws -> [BoardCounts] {
        let nowText = StoreTime.text(now)
        let soonText = StoreTime.text(now.addingTimeInterval(dueSoonWithin))
        let tally = openTaskTally
        let (groups, soon) = try engine.read { db in
            let groups = try tally.counts(at: now, db)
            var soon: [OpenTaskTally.Group: Int] = [:]
            let rows = try db.fetchAll(OpenTaskTally.dueBetweenSQL(db.dialect)) {
                $0.add(nowText)
                $0.add(soonText)
            }
            for row in rows { soon[OpenTaskTally.Group(npi: row[0], urgency: row[1])] = row[2] }
            return (groups, soon)
        }
        return groups.filter { $0.value.open > 0 }
            .sorted { ($0.key.npi == nil ? 0 : 1, $0.key.npi ?? "", $0.key.urgency) < ($1.key.npi == nil ? 0 : 1, $1.key.npi ?? "", $1.key.urgency) }
            .map { group, counts in
                BoardCounts(providerNPI: group.npi, urgency: Urgency(rawValue: group.urgency) ?? .routine, open: counts.open,
                            overdue: counts.overdue, escalated: counts.escalated, dueSoon: soon[group] ?? 0,
                            waiting: counts.waiting, levelTwo: counts.levelTwo)
            }
    }

    /// The newest open critical task whose clock still runs (not yet acknowledged): a short read of
    /// the find-order index's critical, running range (the id is in the index).
    public func newestCriticalWaitingID() throws -> Int64? {
        try engine.read { db in
            // On SQLite said as the index's leading expressions (a seek); PostgreSQL needs no hint.
            let terms = db.dialect == .sqlite ? "(urgency <> 'critical') = 0 AND (due_at IS NULL) = 0"
                : "urgency = 'critical' AND due_at IS NOT NULL"
            return try db.value(Int64.self, """
                SELECT max(id) FROM tasks \(db.dialect.indexedBy("tasks_open_find")) WHERE status <> 'closed' AND \(terms)
                """)
        }
    }
}
