import CareQueueCore
import Foundation

/// Matches results to tracked orders: the same patient (MRN) and placer number — the same test
/// first, else the only order under that number — else the filler number once the order knows it.
/// The sending system need not be the same. Whichever arrives first, the order ends up resulted.
enum OrderMatching {
    /// After result `order` of `patient` became task `taskID`: marks the order it answers.
    static func matchResult(_ order: OrderResult, patient: Patient, taskID: Int64, messageID: Int64, now: Date,
                            actor: String, audit: AuditTrail, _ db: any SQLConnection) throws {
        guard let orderID = try trackedOrder(mrn: patient.mrn, placer: order.placerNumber, filler: order.fillerNumber,
                                             service: order.serviceCode, db) else { return }
        try markResulted(orderID, taskID: taskID, resultStatus: order.resultStatus, filler: order.fillerNumber,
                         messageID: messageID, resultedAt: now, now: now, actor: actor, audit: audit, db)
    }

    /// After order `orderID` was stored: when its result is already a task, marks it resulted now.
    static func matchStoredResult(orderID: Int64, now: Date, audit: AuditTrail, _ db: any SQLConnection) throws {
        guard let order = try db.fetchOne("""
            SELECT patient_mrn, placer_number, filler_number, service_code FROM orders WHERE id = ? AND state = 'ordered'
            """, { $0.add(orderID) }) else { return }
        let mrn: String = order["patient_mrn"]
        let filler: String? = order["filler_number"]
        let task = try db.fetchOne("""
            SELECT id, result_status, filler_number, latest_message_id, received_at FROM tasks
            WHERE patient_mrn = ? AND (placer_number = ? OR (CAST(? AS TEXT) IS NOT NULL AND filler_number = ?))
            ORDER BY service_code = ? DESC, id LIMIT 1
            """) {
            $0.add(mrn)
            $0.add(order["placer_number"] as String)
            $0.add(filler)
            $0.add(filler)
            $0.add(order["service_code"] as String)
        }
        guard let task else { return }
        // Resulted when the result arrived, before its order did.
        let resultedAt = (task["received_at"] as String?).flatMap(StoreTime.date) ?? now
        try markResulted(orderID, taskID: task["id"], resultStatus: task["result_status"], filler: task["filler_number"],
                         messageID: task["latest_message_id"], resultedAt: resultedAt, now: now, actor: "listener",
                         audit: audit, db)
    }

    /// The order a result answers, if one is tracked.
    private static func trackedOrder(mrn: String, placer: String?, filler: String?, service: String,
                                     _ db: any SQLConnection) throws -> Int64? {
        if db.dialect == .postgres, let placer, let filler {
            return try trackedOrder(mrn: mrn, placer: placer, filler: filler, service: service, db)
        }
        if let placer {
            let candidates = try db.fetchAll("""
                SELECT id, service_code FROM orders WHERE kind = 'order' AND patient_mrn = ? AND placer_number = ? ORDER BY id
                """) { $0.add(mrn); $0.add(placer) }
            if let same = candidates.first(where: { ($0["service_code"] as String) == service }) { return same["id"] }
            if candidates.count == 1 { return candidates[0]["id"] }
        }
        guard let filler else { return nil }
        return try db.value(Int64.self, """
            SELECT id FROM orders WHERE kind = 'order' AND patient_mrn = ? AND filler_number = ? ORDER BY service_code = ? DESC, id LIMIT 1
            """) { $0.add(mrn); $0.add(filler); $0.add(service) }
    }

    /// `trackedOrder` with both numbers in one statement (PostgreSQL, where each is a round trip):
    /// the candidates by placer number, then the best by filler number, decided as above.
    private static func trackedOrder(mrn: String, placer: String, filler: String, service: String,
                                     _ db: any SQLConnection) throws -> Int64? {
        let rows = try db.fetchAll("""
            SELECT 0 AS by_filler, id, service_code FROM orders
            WHERE kind = 'order' AND patient_mrn = ? AND placer_number = ?
            UNION ALL
            (SELECT 1, id, service_code FROM orders WHERE kind = 'order' AND patient_mrn = ? AND filler_number = ?
             ORDER BY service_code = ? DESC, id LIMIT 1)
            ORDER BY by_filler, id
            """) { $0.add(mrn); $0.add(placer); $0.add(mrn); $0.add(filler); $0.add(service) }
        let candidates = rows.filter { ($0["by_filler"] as Int64) == 0 }
        if let same = candidates.first(where: { ($0["service_code"] as String) == service }) { return same["id"] }
        if candidates.count == 1 { return candidates[0]["id"] }
        guard let byFiller = rows.first(where: { ($0["by_filler"] as Int64) == 1 }) else { return nil }
        return byFiller["id"] as Int64
    }

    /// Preliminary until a final (or corrected) result; the first result's time is when it was resulted.
    private static func markResulted(_ orderID: Int64, taskID: Int64, resultStatus: String, filler: String?,
                                     messageID: Int64, resultedAt: Date, now: Date, actor: String, audit: AuditTrail,
                                     _ db: any SQLConnection) throws {
        let state = ["F", "C"].contains(resultStatus.uppercased()) ? "final" : "preliminary"
        let before = try db.value(String.self, "SELECT state FROM orders WHERE id = ?") { $0.add(orderID) }
        let after = before == "final" ? "final" : state
        guard before != after else { return }
        try db.execute("""
            UPDATE orders SET state = ?, resulted_at = COALESCE(resulted_at, ?), result_task_id = ?,
                filler_number = COALESCE(filler_number, ?), updated_at = ?
            WHERE id = ?
            """) {
            $0.add(after)
            $0.add(StoreTime.text(resultedAt))
            $0.add(taskID)
            $0.add(filler)
            $0.add(StoreTime.text(now))
            $0.add(orderID)
        }
        try audit.append(at: now, user: actor, action: OrderAudit.resulted, taskID: taskID, details: [
            "order_id": String(orderID), "state": after, "previous_state": before ?? "", "message_id": String(messageID),
        ], db)
        // The result came after all: its "result not received" task has nothing left to chase.
        try MissingResultRows.closeAnswered(order: orderID, what: "result", taskID: taskID, messageID: messageID,
                                            actor: actor, now: now, audit: audit, db)
    }
}
