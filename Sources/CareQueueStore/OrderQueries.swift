import CareQueueCore
import Foundation
import GRDB

extension CareQueueDatabase {
    /// Tracked orders and referrals, oldest order first: all, or those in `states`; with
    /// `overdueAt`, only those still awaited past their expected time then; at most `limit`.
    public func trackedOrders(states: [TrackedOrder.State]? = nil, overdueAt: Date? = nil,
                              limit: Int = 100) throws -> [TrackedOrder] {
        try read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            if let states, !states.isEmpty {
                conditions.append("o.state IN (\(states.map { _ in "?" }.joined(separator: ", ")))")
                arguments += StatementArguments(states.map(\.rawValue))
            }
            if let overdueAt {
                conditions.append("o.state = 'ordered' AND o.expected_by <= ?")
                arguments += [StoreTime.text(overdueAt)]
            }
            let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [max(limit, 0)]
            return try Row.fetchAll(db, sql: "\(OrderRows.select) \(condition) ORDER BY o.ordered_at, o.id LIMIT ?",
                                    arguments: arguments).map(OrderRows.order)
        }
    }

    /// Order `id`, nil when there is none.
    public func trackedOrder(id: Int64) throws -> TrackedOrder? {
        try read { db in try Row.fetchOne(db, sql: "\(OrderRows.select) WHERE o.id = ?", arguments: [id]).map(OrderRows.order) }
    }

    /// The order that task `taskID` answers (its result) or chases (its missing result), if one is tracked.
    public func trackedOrder(forTask taskID: Int64) throws -> TrackedOrder? {
        try read { db in
            try Row.fetchOne(db, sql: """
                \(OrderRows.select) WHERE o.id = COALESCE(
                    (SELECT id FROM orders WHERE result_task_id = ? ORDER BY id LIMIT 1),
                    (SELECT id FROM orders WHERE missing_task_id = ? ORDER BY id LIMIT 1))
                """, arguments: [taskID, taskID]).map(OrderRows.order)
        }
    }
}

enum OrderRows {
    /// Each order with its result task's first action (acknowledgement or first attempt, else the
    /// closure) and closure.
    static let select = select(.sqlite)

    /// `select` in `dialect`: SQLite's scalar MIN is NULL when either side is, and so is this on PostgreSQL.
    static func select(_ dialect: SQLDialect) -> String {
        let handled = "COALESCE(t.acknowledged_at, t.closed_at)"
        let attempted = "COALESCE((SELECT MIN(a.at) FROM attempts a WHERE a.task_id = t.id), '9999')"
        let first = dialect == .sqlite ? "MIN(\(handled), \(attempted))"
            : "CASE WHEN \(handled) IS NULL THEN NULL ELSE LEAST(\(handled), \(attempted)) END"
        return """
            SELECT o.*, t.closed_at AS task_closed_at, \(first) AS task_first_action_at
            FROM orders o LEFT JOIN tasks t ON t.id = o.result_task_id
            """
    }

    static func order(_ row: Row) -> TrackedOrder { order(SQLRow(row)) }

    static func order(_ row: SQLRow) -> TrackedOrder {
        let date = { (column: String) -> Date? in (row[column] as String?).flatMap(StoreTime.date) }
        let firstAction = (row["task_first_action_at"] as String?).flatMap { $0 == "9999" ? nil : StoreTime.date($0) }
        return TrackedOrder(
            id: row["id"], kind: OrderMessage.Kind(rawValue: row["kind"]) ?? .order,
            sender: SenderID(application: row["sending_application"], facility: row["sending_facility"]),
            mrn: row["patient_mrn"], patient: Patient(mrn: row["patient_mrn"], family: row["patient_family"],
                                                      given: row["patient_given"]).displayName,
            placerNumber: row["placer_number"], fillerNumber: row["filler_number"], serviceCode: row["service_code"],
            serviceText: row["service_text"], orderingNPI: row["ordering_npi"], orderingName: row["ordering_name"],
            referredTo: row["referred_to"], priority: row["priority"], orderedAt: date("ordered_at") ?? .distantPast,
            state: TrackedOrder.State(rawValue: row["state"]) ?? .ordered, resultedAt: date("resulted_at"),
            resultTaskID: row["result_task_id"], firstActionAt: firstAction, closedAt: date("task_closed_at"),
            expectedBy: date("expected_by"), missingTaskID: row["missing_task_id"])
    }
}
