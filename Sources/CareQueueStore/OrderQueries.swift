import CareQueueCore
import Foundation

extension CareQueueDatabase {
    /// Tracked orders and referrals, oldest order first: all, or those in `states`; with
    /// `overdueAt`, only those still awaited past their expected time then; at most `limit`.
    public func trackedOrders(states: [TrackedOrder.State]? = nil, overdueAt: Date? = nil,
                              limit: Int = 100) throws -> [TrackedOrder] {
        var conditions: [String] = []
        var bindings = SQLBindings()
        if let states, !states.isEmpty {
            conditions.append("o.state IN (\(states.map { _ in "?" }.joined(separator: ", ")))")
            for state in states { bindings.add(state.rawValue) }
        }
        if let overdueAt {
            conditions.append("o.state = 'ordered' AND o.expected_by <= ?")
            bindings.add(StoreTime.text(overdueAt))
        }
        let condition = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        bindings.add(max(limit, 0))
        let bound = bindings
        return try engine.read { db in
            try db.fetchAll("\(OrderRows.select) \(condition) ORDER BY o.ordered_at, o.id LIMIT ?") { $0 = bound }
                .map(OrderRows.order)
        }
    }

    /// Order `id`, nil when there is none.
    public func trackedOrder(id: Int64) throws -> TrackedOrder? {
        try engine.read { db in try db.fetchOne("\(OrderRows.select) WHERE o.id = ?", { $0.add(id) }).map(OrderRows.order) }
    }

    /// The order that task `taskID` answers (its result) or chases (its missing result), if one is tracked.
    public func trackedOrder(forTask taskID: Int64) throws -> TrackedOrder? {
        try engine.read { db in
            try db.fetchOne("""
                \(OrderRows.select) WHERE o.id = COALESCE(
                    (SELECT id FROM orders WHERE result_task_id = ? ORDER BY id LIMIT 1),
                    (SELECT id FROM orders WHERE missing_task_id = ? ORDER BY id LIMIT 1))
                """, {
                $0.add(taskID)
                $0.add(taskID)
            }).map(OrderRows.order)
        }
    }
}

enum OrderRows {
    /// Each order with its result task's first action — the acknowledgement (else the closure), or
    /// an attempt before it — and closure. Without an acknowledgement or closure there is none
    /// (as SQLite's scalar `min` answered NULL), attempts or not.
    static let select = """
        SELECT o.*, t.closed_at AS task_closed_at,
               CASE WHEN COALESCE(t.acknowledged_at, t.closed_at) IS NULL THEN NULL
                    ELSE COALESCE((SELECT MIN(a.at) FROM attempts a
                                   WHERE a.task_id = t.id AND a.at < COALESCE(t.acknowledged_at, t.closed_at)),
                                  COALESCE(t.acknowledged_at, t.closed_at)) END
                   AS task_first_action_at
        FROM orders o LEFT JOIN tasks t ON t.id = o.result_task_id
        """

    static func order(_ row: SQLRow) -> TrackedOrder {
        let date = { (column: String) -> Date? in (row[column] as String?).flatMap(StoreTime.date) }
        let firstAction = (row["task_first_action_at"] as String?).flatMap(StoreTime.date)
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
