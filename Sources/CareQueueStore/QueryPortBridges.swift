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
