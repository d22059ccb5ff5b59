import CareQueueCore
import Foundation
import GRDB

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
        return try read { db in
            let groups = try tally.counts(at: now, SQLiteConnection(db))
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

    /// The page query for `queues` and `tier`; every value is bound (the window's LIMIT and OFFSET last).
    ///
    /// `critical` narrows it to the critical block (true) or the rest (false) without a tier filter;
    /// `excluding` leaves out those ids (the callbacks due, shown above the rest by `windowIDs`).
    static func worklistSQL(queues: [String?]?, tier: Urgency?, critical: Bool? = nil,
                            excluding: [Int64] = []) -> (String, StatementArguments) {
        var (conditions, arguments) = queueConditions(queues)
        conditions.insert("status <> 'closed'", at: 0)
        let index = queues?.count == 1 ? "tasks_open_queue_order" : "tasks_open_find"
        var order = urgencyOrder
        if tier == nil, let critical {
            conditions.append("(urgency <> 'critical') = ?")
            arguments += [!critical]
            order = "due_at IS NULL, due_at, id"
        }
        if !excluding.isEmpty {
            conditions.append("id NOT IN (\(Array(repeating: "?", count: excluding.count).joined(separator: ", ")))")
            arguments += StatementArguments(excluding)
        }
        if let tier {
            // Said as the index's first column, so critical and the rest are each one range; the
            // tier itself is a filter (`+`: not a constraint SQLite would rather seek on, which makes
            // it scan), and the order leaves out what is now constant (else SQLite sorts).
            conditions.append("(urgency <> 'critical') = ?")
            arguments += [tier != .critical]
            if tier != .critical {
                conditions.append("+urgency = ?")
                arguments += [tier.rawValue]
            }
            order = "due_at IS NULL, due_at, id"
        }
        let sql = "SELECT id FROM tasks INDEXED BY \(index) WHERE " + conditions.joined(separator: " AND ")
            + " ORDER BY \(order) LIMIT ? OFFSET ?"
        return (sql, arguments)
    }

    /// The conditions that keep `queues` (NPIs, nil for Unassigned; nil for every queue).
    static func queueConditions(_ queues: [String?]?) -> ([String], StatementArguments) {
        guard let queues else { return ([], []) }
        if queues.count == 1, let only = queues.first {
            guard let npi = only else { return (["assigned_npi IS NULL"], []) }
            return (["assigned_npi = ?"], [npi])
        }
        var alternatives: [String] = []
        var arguments: StatementArguments = []
        let npis = queues.compactMap { $0 }
        if !npis.isEmpty {
            alternatives.append("assigned_npi IN (\(Array(repeating: "?", count: npis.count).joined(separator: ", ")))")
            arguments += StatementArguments(npis)
        }
        if queues.contains(where: { $0 == nil }) { alternatives.append("assigned_npi IS NULL") }
        return ([alternatives.isEmpty ? "0" : "(" + alternatives.joined(separator: " OR ") + ")"], arguments)
    }
}
