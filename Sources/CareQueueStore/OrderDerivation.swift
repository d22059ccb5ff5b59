import CareQueueCore
import Foundation
import GRDB

/// Derives one stored order message or referral into `orders` rows, inside the derivation's open
/// transaction, with an audit row per change. An order whose result was stored first is marked
/// resulted at once.
struct OrderDerivation {
    let db: Database
    /// Routes a consult note that arrived before its referral (still Unassigned) once the referral names its provider.
    let roster: Roster
    let audit: AuditTrail

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
                }
            }
        }
    }

    /// Inserts the order, or updates the one already tracked under its key; returns its id. A
    /// referral's key is its id alone: an `I13` may change its reason.
    private func upsert(_ item: OrderItem, message: OrderMessage, messageID: Int64, now: Date) throws -> Int64 {
        if message.kind == .referral, let id = try Int64.fetchOne(db, sql: """
            SELECT id FROM orders WHERE kind = 'referral' AND patient_mrn = ? AND placer_number = ? ORDER BY id LIMIT 1
            """, arguments: [message.patient.mrn, item.placerNumber]) {
            try db.execute(sql: """
                UPDATE orders SET service_code = ?, service_text = ?, ordering_npi = ?, ordering_name = ?, referred_to = ?,
                    state = CASE WHEN state = 'cancelled' THEN 'ordered' ELSE state END, latest_message_id = ?, updated_at = ?
                WHERE id = ?
                """, arguments: [item.serviceCode, item.serviceText, item.orderingProvider.flatMap { $0.isNPI ? $0.id : nil },
                                 item.orderingProvider.map(Self.name) ?? "", item.referredTo, messageID, StoreTime.text(now), id])
            return id
        }
        let provider = item.orderingProvider
        // RETURNING gives the row's id whether it was inserted or updated: no second lookup.
        let id = try Int64.fetchOne(db.cachedStatement(sql: """
            INSERT INTO orders (kind, sending_application, sending_facility, patient_mrn, patient_family, patient_given,
                placer_number, filler_number, service_code, service_text, ordering_npi, ordering_name, referred_to,
                priority, ordered_at, state, first_message_id, latest_message_id, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ordered', ?, ?, ?, ?)
            ON CONFLICT (kind, patient_mrn, placer_number, service_code) DO UPDATE SET
                filler_number = COALESCE(excluded.filler_number, filler_number), service_text = excluded.service_text,
                ordering_npi = excluded.ordering_npi, ordering_name = excluded.ordering_name,
                referred_to = excluded.referred_to, priority = excluded.priority,
                state = CASE WHEN state = 'cancelled' THEN 'ordered' ELSE state END,
                latest_message_id = excluded.latest_message_id, updated_at = excluded.updated_at
            RETURNING id
            """), arguments: [
                message.kind.rawValue, message.sender.application, message.sender.facility, message.patient.mrn,
                message.patient.family, message.patient.given, item.placerNumber, item.fillerNumber, item.serviceCode,
                item.serviceText, provider.flatMap { $0.isNPI ? $0.id : nil }, provider.map(Self.name) ?? "",
                item.referredTo, item.priority, StoreTime.text(item.orderedAt.map(StoreTime.truncated) ?? now),
                messageID, messageID, StoreTime.text(now), StoreTime.text(now),
            ])
        return id ?? 0
    }

    /// Cancels the tracked order (this test, or every test under the placer number when the cancel
    /// names none) still awaiting its result; returns the ids cancelled.
    private func cancel(_ item: OrderItem, message: OrderMessage, messageID: Int64, now: Date) throws -> [Int64] {
        var condition = "kind = ? AND patient_mrn = ? AND placer_number = ? AND state = 'ordered'"
        var arguments: StatementArguments = [message.kind.rawValue, message.patient.mrn, item.placerNumber]
        if message.kind == .order, !item.serviceCode.isEmpty {
            condition += " AND service_code = ?"
            arguments += [item.serviceCode]
        }
        let ids = try Int64.fetchAll(db, sql: "SELECT id FROM orders WHERE \(condition) ORDER BY id", arguments: arguments)
        try db.execute(sql: "UPDATE orders SET state = 'cancelled', latest_message_id = ?, updated_at = ? WHERE \(condition)",
                       arguments: [messageID, StoreTime.text(now)] + arguments)
        return ids
    }

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
