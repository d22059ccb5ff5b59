import CareQueueCore
import Foundation
import GRDB

// TEMPORARY (issue 20): the dashboard reads call four helpers that other ports own — the open-task
// counts (`OpenTaskTally`), the callback order (`CallbackOrder`), claims (`TaskClaimRows`) and
// contact preferences (`ContactPreferenceRows`) — and GRDB code elsewhere still calls a few of
// these reads. Until those files are ported, the overloads here bridge the two: delete this file
// once they take `any SQLConnection` (their overloads then clash with these, by design), pointing
// `CallbackOrder` at `worklistQuery` / `queueFilter`.

extension OpenTaskTally {
    /// On SQLite the cached counts (the GRDB form); on PostgreSQL counted afresh on every call.
    func counts(at now: Date, _ connection: any SQLConnection) throws -> [Group: Counts] {
        if let sqlite = connection as? SQLiteConnection { return try counts(at: now, sqlite.db) }
        var groups: [Group: Counts] = [:]
        let rows = try connection.fetchAll("""
            SELECT assigned_npi, urgency, COUNT(*), SUM(CASE WHEN due_at <= ? THEN 1 ELSE 0 END),
                SUM(CASE WHEN escalation_level > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN due_at IS NOT NULL THEN 1 ELSE 0 END),
                SUM(CASE WHEN escalation_level = 2 THEN 1 ELSE 0 END)
            FROM tasks WHERE status <> 'closed' GROUP BY assigned_npi, urgency
            """) { $0.add(StoreTime.text(now)) }
        for row in rows {
            groups[Group(npi: row[0], urgency: row[1])] = Counts(open: row[2], overdue: row[3], escalated: row[4],
                                                                 waiting: row[5], levelTwo: row[6])
        }
        return groups
    }

    /// nil on PostgreSQL (nothing cached there): the caller counts.
    func openCount(npi: String?, _ connection: any SQLConnection) throws -> Int? {
        guard let sqlite = connection as? SQLiteConnection else { return nil }
        return try openCount(npi: npi, sqlite.db)
    }
}

extension CareQueueDatabase {
    /// `CallbackOrder`'s window on the SQL layer (either engine).
    static func windowIDs(queues: [String?]?, tier: Urgency?, criticalTotal: Int, at now: Date, limit: Int,
                          offset: Int, _ db: any SQLConnection) throws -> [Int64] {
        let due = try dueCallbacks(queues: queues, tier: tier, at: now, db)
        if due.isEmpty {
            let (sql, bindings) = worklistQuery(db.dialect, queues: queues, tier: tier)
            return try db.values(Int64.self, sql) {
                $0 = bindings
                $0.add(max(0, limit))
                $0.add(max(0, offset))
            }
        }
        let dueCritical = due.filter(\.critical).map(\.id)
        let dueRest = due.filter { !$0.critical }.map(\.id)
        var ids: [Int64] = []
        for slice in CallbackOrder.slices(offset: offset, limit: limit, critical: criticalTotal - dueCritical.count,
                                          due: due.count) {
            switch slice.part {
            case .due:
                ids += due.map(\.id).dropFirst(slice.offset).prefix(slice.count)
            case .critical, .rest:
                let critical = slice.part == .critical
                if tier.map({ ($0 == .critical) != critical }) == true { continue }
                let (sql, bindings) = worklistQuery(db.dialect, queues: queues, tier: tier, critical: critical,
                                                    excluding: critical ? dueCritical : dueRest)
                ids += try db.values(Int64.self, sql) {
                    $0 = bindings
                    $0.add(slice.count)
                    $0.add(slice.offset)
                }
            }
        }
        return ids
    }

    /// `CallbackOrder`'s callbacks due on the SQL layer (either engine).
    static func dueCallbacks(queues: [String?]?, tier: Urgency?, at now: Date,
                             _ db: any SQLConnection) throws -> [(id: Int64, critical: Bool)] {
        var (conditions, bindings) = queueFilter(queues)
        conditions += ["callback_at IS NOT NULL", "status <> 'closed'", "callback_at <= ?"]
        bindings.add(StoreTime.text(now))
        if let tier {
            conditions.append("urgency = ?")
            bindings.add(tier.rawValue)
        }
        let bound = bindings
        let rows = try db.fetchAll("""
            SELECT id, urgency = 'critical' AS critical FROM tasks \(db.dialect.indexedBy("tasks_open_callback"))
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY urgency <> 'critical', callback_at, id
            """) { $0 = bound }
        return rows.map { (id: $0["id"], critical: $0["critical"]) }
    }

    /// The GRDB form of `worklistQuery` (SQLite), for `CallbackOrder` and its tests.
    static func worklistSQL(queues: [String?]?, tier: Urgency?, critical: Bool? = nil,
                            excluding: [Int64] = []) -> (String, StatementArguments) {
        let (sql, bindings) = worklistQuery(.sqlite, queues: queues, tier: tier, critical: critical, excluding: excluding)
        return (sql, bindings.statementArguments)
    }

    /// The GRDB form of `queueFilter`, for `CallbackOrder`.
    static func queueConditions(_ queues: [String?]?) -> ([String], StatementArguments) {
        let (conditions, bindings) = queueFilter(queues)
        return (conditions, bindings.statementArguments)
    }

    /// For `OutboxEnqueue`, still on GRDB.
    static func listItem(id: Int64, _ db: Database) throws -> TaskListItem? {
        try listItem(id: id, SQLiteConnection(db))
    }
}

extension TaskClaimRows {
    /// Every stored claim on the SQL layer (either engine).
    static func all(_ db: any SQLConnection) throws -> [Int64: TaskClaim] {
        var claims: [Int64: TaskClaim] = [:]
        for row in try db.fetchAll("SELECT task_id, claimed_by, claimed_at, claimed_until FROM task_claims") {
            guard let at = StoreTime.date(row[2]), let until = StoreTime.date(row[3]) else { continue }
            claims[row[0]] = TaskClaim(by: row[1], at: at, until: until)
        }
        return claims
    }
}

extension ContactPreferenceRows {
    /// The preferences of the patients of the tasks `filter` selects, on the SQL layer (either engine).
    static func preferences(forTasks filter: String, bindings: SQLBindings,
                            _ db: any SQLConnection) throws -> [String: ContactPreference] {
        var byMRN: [String: ContactPreference] = [:]
        let rows = try db.fetchAll("""
            SELECT patient_mrn, preference FROM contact_preferences
            WHERE patient_mrn IN (SELECT patient_mrn FROM tasks \(filter))
            """) { $0 = bindings }
        for row in rows {
            if let preference = ContactPreference(rawValue: row["preference"]) { byMRN[row["patient_mrn"]] = preference }
        }
        return byMRN
    }
}

extension OrderRows {
    /// For `AwaitingOrders`, still on GRDB.
    static func order(_ row: Row) -> TrackedOrder { order(SQLRow(row)) }
}

extension SQLBindings {
    /// The values as GRDB binds them (SQLite), for the GRDB forms above.
    var statementArguments: StatementArguments {
        StatementArguments(values.map(\.databaseValue))
    }
}
