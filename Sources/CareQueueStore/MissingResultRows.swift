import CareQueueCore
import Foundation

/// Orders past their expected time becoming "result not received" tasks (in the escalation sweep),
/// and those tasks closing on their own when the result arrives after all or the order is cancelled.
enum MissingResultRows {
    /// Overdue orders without a task yet, oldest expectation first (`orders_overdue`).
    static func overdueSQL(_ dialect: SQLDialect) -> String { """
        SELECT o.*, NULL AS task_closed_at, NULL AS task_first_action_at, m.control_id AS order_control_id
        FROM orders o \(dialect.indexedBy("orders_overdue")) JOIN messages m ON m.id = o.latest_message_id
        WHERE o.state = 'ordered' AND o.missing_task_id IS NULL AND o.expected_by <= ?
        ORDER BY o.expected_by, o.id LIMIT ?
        """
    }

    /// Whether an order is overdue at `now` with no task yet.
    static func anyDue(at now: Date, _ db: any SQLConnection) throws -> Bool {
        try db.fetchOne(overdueSQL(db.dialect), { $0.add(StoreTime.text(now)); $0.add(1) }) != nil
    }

    /// The earliest expectation after `now` of an order still awaited; nil when none.
    static func nextDue(after now: Date, _ db: any SQLConnection) throws -> Date? {
        try db.value(String.self, """
            SELECT min(expected_by) FROM orders \(db.dialect.indexedBy("orders_overdue"))
            WHERE state = 'ordered' AND missing_task_id IS NULL AND expected_by > ?
            """) { $0.add(StoreTime.text(now)) }.flatMap(StoreTime.date)
    }

    /// Makes the task of each order overdue at `now` (at most `limit`), routed and tiered by the
    /// rules of now, with an `order.overdue` audit row; returns what it made.
    static func create(at now: Date, limit: Int, turnaround: CareQueueConfig.Turnaround,
                       windows: CareQueueConfig.Windows, timeZone: TimeZone, audit: AuditTrail,
                       _ db: any SQLConnection) throws -> [MissingResultTask] {
        let rows = try db.fetchAll(overdueSQL(db.dialect)) { $0.add(StoreTime.text(now)); $0.add(limit) }
        guard !rows.isEmpty else { return [] }
        let roster = try RosterRows.roster(db)
        var made: [MissingResultTask] = []
        for row in rows {
            let order = OrderRows.order(row)
            let overdue = MissingResult.Overdue(
                order: order, patient: Patient(mrn: row["patient_mrn"], family: row["patient_family"],
                                               given: row["patient_given"], dob: row["patient_dob"],
                                               phone: row["patient_phone"]),
                orderingProvider: OrderingReference.provider(row["ordering_reference"], npi: order.orderingNPI),
                expectedBy: order.expectedBy ?? now)
            let task = MissingResult.task(for: overdue, roster: roster, turnaround: turnaround, windows: windows,
                                          timeZone: timeZone, at: now)
            let taskID = try TaskRows.insert(task, messageID: row["latest_message_id"],
                                             controlID: row["order_control_id"] ?? "", charsetWarning: nil, now: now, db)
            try db.execute("UPDATE tasks SET kind = 'missing-result' WHERE id = ?") { $0.add(taskID) }
            try db.execute("UPDATE orders SET missing_task_id = ?, updated_at = ? WHERE id = ?") {
                $0.add(taskID)
                $0.add(StoreTime.text(now))
                $0.add(order.id)
            }
            try audit.append(at: now, user: "carequeue", action: MissingResultAudit.overdue, taskID: taskID, details: [
                "order_id": String(order.id), "expected_by": StoreTime.text(overdue.expectedBy),
                "urgency": task.urgency.rawValue, "routing": task.routing.explanation,
            ], db)
            made.append(MissingResultTask(taskID: taskID, orderID: order.id, assignedNPI: task.routing.assignedNPI,
                                          reason: task.urgencyReason))
        }
        return made
    }

    /// Its answer (`what`: "result", "consult note") arrived as task `taskID`: order `orderID`'s
    /// open missing-result task has nothing left to chase.
    static func closeAnswered(order orderID: Int64, what: String, taskID: Int64, messageID: Int64, actor: String,
                              now: Date, audit: AuditTrail, _ db: any SQLConnection) throws {
        try closeTask(ofOrder: orderID, outcome: .resultReceived, note: "the \(what) arrived (task \(taskID))",
                      action: MissingResultAudit.resultArrived,
                      details: ["result_task_id": String(taskID), "message_id": String(messageID)],
                      actor: actor, now: now, audit: audit, db)
    }

    /// Closes order `orderID`'s open missing-result task, if it has one, with `outcome` (set by the
    /// feed) and an audit row saying why.
    static func closeTask(ofOrder orderID: Int64, outcome: CloseOutcome, note: String, action: String,
                          details: [String: String], actor: String, now: Date, audit: AuditTrail,
                          _ db: any SQLConnection) throws {
        guard let taskID = try db.value(Int64.self, """
            SELECT t.id FROM orders o JOIN tasks t ON t.id = o.missing_task_id WHERE o.id = ? AND t.status <> 'closed'
            """, { $0.add(orderID) }) else { return }
        let nowText = StoreTime.text(now)
        try db.execute("""
            UPDATE tasks SET status = 'closed', closed_at = ?, closed_by = ?, close_outcome = ?, close_note = ?,
                due_at = NULL, clock_stopped_at = COALESCE(clock_stopped_at, ?), callback_at = NULL,
                version = version + 1, updated_at = ?
            WHERE id = ?
            """) {
            for value in [nowText, actor, outcome.rawValue, note, nowText, nowText] { $0.add(value) }
            $0.add(taskID)
        }
        try TaskClaimRows.release(taskID, db)
        try audit.append(at: now, user: actor, action: action, taskID: taskID,
                         details: details.merging(["order_id": String(orderID), "outcome": outcome.rawValue]) { $1 }, db)
    }
}

/// Audit actions of missing results.
public enum MissingResultAudit {
    /// An order went overdue and became a task.
    public static let overdue = "order.overdue"
    /// Its result arrived after all: the missing-result task closed.
    public static let resultArrived = "task.result-arrived"
    /// The order was cancelled: the missing-result task closed.
    public static let orderCancelled = "task.order-cancelled"
}

/// The ordering provider as the order named it, kept in `orders.ordering_reference` so a missing
/// result routes as its result would have.
enum OrderingReference {
    static func text(_ provider: ProviderReference) -> String {
        JSONText.object(["id": provider.id, "id_type": provider.idType, "family": provider.family,
                         "given": provider.given, "is_npi": provider.isNPI ? "1" : "0",
                         "source": provider.source.rawValue])
    }

    /// The stored reference; an order stored before it was kept names its NPI only.
    static func provider(_ text: String?, npi: String?) -> ProviderReference? {
        if let text, let fields = try? JSONDecoder().decode([String: String].self, from: Data(text.utf8)),
           let id = fields["id"] {
            return ProviderReference(id: id, idType: fields["id_type"] ?? "", family: fields["family"] ?? "",
                                     given: fields["given"] ?? "", isNPI: fields["is_npi"] == "1",
                                     source: ProviderField(rawValue: fields["source"] ?? "") ?? .orc12)
        }
        return npi.map { ProviderReference(id: $0, idType: "NPI", isNPI: true, source: .orc12) }
    }
}
