import CareQueueCore
import Foundation

/// One screenful of the worklist: the ids asked for and how many open tasks are in scope.
public struct WorklistWindow: Equatable, Sendable {
    public var total: Int
    /// Most urgent first (the dashboard's queue order, across queues).
    public var ids: [Int64]
}

extension CareQueueDatabase {
    /// The queues `account` works: those of providers whose `login` is the account or whose
    /// `coordinators` name it, by NPI, then Unassigned (nil), which is every coordinator's; empty
    /// when the roster names the account nowhere.
    public func queuesWorked(by account: String) throws -> [String?] {
        guard !account.isEmpty else { return [] }
        let npis = try providers().filter { $0.login == account || $0.coordinators.contains(account) }.map(\.npi)
        return npis.isEmpty ? [] : npis + [nil]
    }

    /// At most `limit` ids of open tasks from position `offset`, in the queues `queues` (NPIs, nil
    /// for Unassigned; nil for every queue) and of tier `tier` (nil: every tier), most urgent
    /// first; the total comes from the open-task counts (`OpenTaskTally`), not from counting rows.
    ///
    /// One queue is a range of `tasks_open_queue_order` (the queue page's read); several, or all,
    /// are a read in order of `tasks_open_find` (which holds each entry's queue, tier and status:
    /// no table row is read) that stops when the screenful is full — one range per tier. Neither
    /// sorts. Queues that hold few of the open tasks make that read long (it passes over the
    /// others' entries, at most every open task's once).
    public func worklistWindow(queues: [String?]?, tier: Urgency?, at now: Date, limit: Int, offset: Int) throws
        -> WorklistWindow {
        let tally = openTaskTally
        return try engine.read { db in
            let groups = try tally.counts(at: now, db)
            let total = groups.reduce(0) { sum, entry in
                let inQueues = queues?.contains(entry.key.npi) ?? true
                let inTier = tier.map { $0.rawValue == entry.key.urgency } ?? true
                return sum + (inQueues && inTier ? entry.value.open : 0)
            }
            guard total > 0, limit > 0 else { return WorklistWindow(total: total, ids: []) }
            let critical = tier == nil || tier == .critical ? groups.reduce(0) { sum, entry in
                let inQueues = queues?.contains(entry.key.npi) ?? true
                return sum + (inQueues && entry.key.urgency == Urgency.critical.rawValue ? entry.value.open : 0)
            } : 0
            let ids = try Self.windowIDs(queues: queues, tier: tier, criticalTotal: critical, at: now,
                                         limit: limit, offset: offset, db)
            return WorklistWindow(total: total, ids: ids)
        }
    }

    /// The page query for `queues` and `tier`; every value is bound (the window's LIMIT and OFFSET,
    /// which the caller adds, last).
    ///
    /// `critical` narrows it to the critical block (true) or the rest (false) without a tier filter;
    /// `excluding` leaves out those ids (the callbacks due, shown above the rest by `windowIDs`).
    static func worklistQuery(_ dialect: SQLDialect, queues: [String?]?, tier: Urgency?, critical: Bool? = nil,
                              excluding: [Int64] = []) -> (sql: String, bindings: SQLBindings) {
        var (conditions, bindings) = queueFilter(queues)
        conditions.insert("status <> 'closed'", at: 0)
        let index = queues?.count == 1 ? "tasks_open_queue_order" : "tasks_open_find"
        // SQLite seeks on the index's leading `urgency <> 'critical'` said as such, with a bound
        // flag; PostgreSQL has no integer booleans (nor unary `+` on text), so it gets the plain terms.
        func block(critical: Bool) {
            if dialect == .sqlite {
                conditions.append("(urgency <> 'critical') = ?")
                bindings.add(!critical)
            } else {
                conditions.append(critical ? "urgency = 'critical'" : "urgency <> 'critical'")
            }
        }
        var order = urgencyOrder
        if tier == nil, let critical {
            block(critical: critical)
            order = "due_at IS NULL, due_at, id"
        }
        if !excluding.isEmpty {
            conditions.append("id NOT IN (\(Array(repeating: "?", count: excluding.count).joined(separator: ", ")))")
            for id in excluding { bindings.add(id) }
        }
        if let tier {
            // Said as the index's first column, so critical and the rest are each one range; the
            // tier itself is a filter (`+`: not a constraint SQLite would rather seek on, which makes
            // it scan), and the order leaves out what is now constant (else SQLite sorts).
            block(critical: tier == .critical)
            if tier != .critical {
                conditions.append(dialect == .sqlite ? "+urgency = ?" : "urgency = ?")
                bindings.add(tier.rawValue)
            }
            order = "due_at IS NULL, due_at, id"
        }
        let sql = "SELECT id FROM tasks \(dialect.indexedBy(index)) WHERE " + conditions.joined(separator: " AND ")
            + " ORDER BY \(order) LIMIT ? OFFSET ?"
        return (sql, bindings)
    }

    /// The conditions that keep `queues` (NPIs, nil for Unassigned; nil for every queue).
    static func queueFilter(_ queues: [String?]?) -> ([String], SQLBindings) {
        var bindings = SQLBindings()
        guard let queues else { return ([], bindings) }
        if queues.count == 1, let only = queues.first {
            guard let npi = only else { return (["assigned_npi IS NULL"], bindings) }
            bindings.add(npi)
            return (["assigned_npi = ?"], bindings)
        }
        var alternatives: [String] = []
        let npis = queues.compactMap { $0 }
        if !npis.isEmpty {
            alternatives.append("assigned_npi IN (\(Array(repeating: "?", count: npis.count).joined(separator: ", ")))")
            for npi in npis { bindings.add(npi) }
        }
        if queues.contains(where: { $0 == nil }) { alternatives.append("assigned_npi IS NULL") }
        return ([alternatives.isEmpty ? "1 = 0" : "(" + alternatives.joined(separator: " OR ") + ")"], bindings)
    }
}
