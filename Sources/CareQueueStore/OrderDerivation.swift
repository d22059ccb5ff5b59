import CareQueueCore
import Foundation

/// Derives one stored order message or referral into `orders` rows, inside the derivation's open
/// transaction, with an audit row per change. An order whose result was stored first is marked
/// resulted at once.
struct OrderDerivation {
    let db: any SQLConnection
    /// Routes a consult note that arrived before its referral (still Unassigned) once the referral names its provider.
    let roster: Roster
    let audit: AuditTrail
    /// When each order's result is expected, as the rules stand now (`[turnaround]`).
    let turnaround: CareQueueConfig.Turnaround

    func derive(_ message: OrderMessage, messageID: Int64, storedAt now: Date) throws {
        let actor = MessageIngest.actor(message.sender)
        for item in message.items {
            let details = ["message_id": String(messageID), "control_id": message.controlID, "kind": message.kind.rawValue,
                           "placer_number": item.placerNumber, "control": item.control]
            switch item.action {
            case .create, .change:
                let id = try upsert(item, message: message, messageID: messageID, now: now)
                try audit.append(at: now, user: actor, action: item.action == .create ? OrderAudit.created : OrderAudit.changed,
                                 taskID: nil, details: details.merging(["order_id": String(id)]) { $1 }, db)
                if message.kind == .order { try OrderMatching.matchStoredResult(orderID: id, now: now, audit: audit, db) }
                if message.kind == .referral { try ReferralMatching.matchStoredNote(referralID: id, roster: roster, now: now, audit: audit, db) }
            case .cancel:
                for id in try cancel(item, message: message, messageID: messageID, now: now) {
                    try audit.append(at: now, user: actor, action: OrderAudit.cancelled, taskID: nil,
                                     details: details.merging(["order_id": String(id)]) { $1 }, db)
                    try MissingResultRows.closeTask(
                        ofOrder: id, outcome: .cancelled, note: "the order was cancelled (ORC-1 \(item.control))",
                        action: MissingResultAudit.orderCancelled, details: ["message_id": String(messageID)],
                        actor: actor, now: now, audit: audit, db)
                }
            }
        }
    }

    /// Inserts the order, or updates the one already tracked under its key; returns its id. A
    /// referral's key is its id alone: an `I13` may change its reason.
    private func upsert(_ item: OrderItem, message: OrderMessage, messageID: Int64, now: Date) throws -> Int64 {
        if message.kind == .referral, let id = try db.value(Int64.self, """
            SELECT id FROM orders WHERE kind = 'referral' AND patient_mrn = ? AND placer_number = ? ORDER BY id LIMIT 1
            """, { $0.add(message.patient.mrn); $0.add(item.placerNumber) }) {
            try db.execute("""
                UPDATE orders SET service_code = ?, service_text = ?, ordering_npi = ?, ordering_name = ?, referred_to = ?,
                    ordering_reference = ?, patient_dob = ?, patient_phone = ?,
                    \(Self.reinstated), latest_message_id = ?, updated_at = ?
                WHERE id = ?
                """) {
                $0.add(item.serviceCode)
                $0.add(item.serviceText)
                $0.add(item.orderingProvider.flatMap(\.npiKey))
                $0.add(item.orderingProvider.map(Self.name) ?? "")
                $0.add(item.referredTo)
                $0.add(item.orderingProvider.map(OrderingReference.text))
                $0.add(message.patient.dob)
                $0.add(message.patient.phone)
                $0.add(messageID)
                $0.add(StoreTime.text(now))
                $0.add(id)
            }
            return id
        }
        let provider = item.orderingProvider
        let orderedAt = item.orderedAt.map(StoreTime.truncated) ?? now
        let window = turnaround.window(kind: message.kind, serviceCode: item.serviceCode,
                                       isStat: TrackedOrder.isStat(priority: item.priority))
        let expectedBy = orderedAt.addingTimeInterval(window)
        // RETURNING gives the row's id whether it was inserted or updated: no second lookup.
        let id = try db.value(Int64.self, """
            INSERT INTO orders (kind, sending_application, sending_facility, patient_mrn, patient_family, patient_given,
                patient_dob, patient_phone, placer_number, filler_number, service_code, service_text, ordering_npi,
                ordering_name, ordering_reference, referred_to, priority, ordered_at, expected_by, state,
                first_message_id, latest_message_id, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ordered', ?, ?, ?, ?)
            ON CONFLICT (kind, patient_mrn, placer_number, service_code) DO UPDATE SET
                filler_number = COALESCE(excluded.filler_number, orders.filler_number), service_text = excluded.service_text,
                patient_dob = excluded.patient_dob, patient_phone = excluded.patient_phone,
                ordering_npi = excluded.ordering_npi, ordering_name = excluded.ordering_name,
                ordering_reference = excluded.ordering_reference, referred_to = excluded.referred_to,
                priority = excluded.priority,
                -- A change keeps the first order's time (ORC-9 of an XO is when it changed).
                expected_by = \(db.dialect.storeTime(plusSecondsOf: "orders.ordered_at")),
                \(Self.reinstated), latest_message_id = excluded.latest_message_id, updated_at = excluded.updated_at
            RETURNING id
            """) {
            for value in [message.kind.rawValue, message.sender.application, message.sender.facility, message.patient.mrn,
                          message.patient.family, message.patient.given] { $0.add(value) }
            $0.add(message.patient.dob)
            $0.add(message.patient.phone)
            $0.add(item.placerNumber)
            $0.add(item.fillerNumber)
            $0.add(item.serviceCode)
            $0.add(item.serviceText)
            $0.add(provider.flatMap(\.npiKey))
            $0.add(provider.map(Self.name) ?? "")
            $0.add(provider.map(OrderingReference.text))
            $0.add(item.referredTo)
            $0.add(item.priority)
            $0.add(StoreTime.text(orderedAt))
            $0.add(StoreTime.text(expectedBy))
            $0.add(messageID)
            $0.add(messageID)
            $0.add(StoreTime.text(now))
            $0.add(StoreTime.text(now))
            $0.add(Int(window))
        }
        return id ?? 0
    }

    /// Cancels the tracked order (this test, or every test under the placer number when the cancel
    /// names none) still awaiting its result; returns the ids cancelled.
    private func cancel(_ item: OrderItem, message: OrderMessage, messageID: Int64, now: Date) throws -> [Int64] {
        var condition = "kind = ? AND patient_mrn = ? AND placer_number = ? AND state = 'ordered'"
        var arguments = [message.kind.rawValue, message.patient.mrn, item.placerNumber]
        if message.kind == .order, !item.serviceCode.isEmpty {
            condition += " AND service_code = ?"
            arguments.append(item.serviceCode)
        }
        let ids = try db.values(Int64.self, "SELECT id FROM orders WHERE \(condition) ORDER BY id") {
            for argument in arguments { $0.add(argument) }
        }
        try db.execute("UPDATE orders SET state = 'cancelled', latest_message_id = ?, updated_at = ? WHERE \(condition)") {
            $0.add(messageID)
            $0.add(StoreTime.text(now))
            for argument in arguments { $0.add(argument) }
        }
        return ids
    }

    /// A cancelled order named again is awaited again; the missing-result task of its first life
    /// (closed when it was cancelled) no longer speaks for it. Qualified: in an upsert PostgreSQL
    /// cannot tell the stored row's columns from `excluded`'s otherwise.
    static let reinstated = """
        missing_task_id = CASE WHEN orders.state = 'cancelled' THEN NULL ELSE orders.missing_task_id END,
        state = CASE WHEN orders.state = 'cancelled' THEN 'ordered' ELSE orders.state END
        """

    /// "Chen, Ada" as the order names its provider.
    static func name(_ provider: ProviderReference) -> String {
        [provider.family, provider.given].filter { !$0.isEmpty }.joined(separator: ", ")
    }
}

/// Audit actions of tracked orders.
public enum OrderAudit {
    public static let created = "order.created"
    public static let changed = "order.changed"
    public static let cancelled = "order.cancelled"
    public static let resulted = "order.resulted"
}
