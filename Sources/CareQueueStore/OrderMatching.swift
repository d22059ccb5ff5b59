import CareQueueCore
import Foundation
import GRDB

/// Matches results to tracked orders: the same patient (MRN) and placer number — the same test
/// first, else the only order under that number — else the filler number once the order knows it.
/// The sending system need not be the same. Whichever arrives first, the order ends up resulted.
enum OrderMatching {
    /// After result `order` of `patient` became task `taskID`: marks the order it answers.
    static func matchResult(_ order: OrderResult, patient: Patient, taskID: Int64, messageID: Int64, now: Date,
                            actor: String, audit: AuditTrail, _ db: Database) throws {
        guard let orderID = try trackedOrder(mrn: patient.mrn, placer: order.placerNumber, filler: order.fillerNumber,
                                             service: order.serviceCode, db) else { return }
        try markResulted(orderID, taskID: taskID, resultStatus: order.resultStatus, filler: order.fillerNumber,
                         messageID: messageID, resultedAt: now, now: now, actor: actor, audit: audit, db)
    }

    /// After order `orderID` was stored: when its result is already a task, marks it resulted now.
    static func matchStoredResult(orderID: Int64, now: Date, audit: AuditTrail, _ db: Database) throws {
        guard let order = try Row.fetchOne(db, sql: """
            SELECT patient_mrn, placer_number, filler_number, service_code FROM orders WHERE id = ? AND state = 'ordered'
            """, arguments: [orderID]) else { return }
        let mrn: String = order["patient_mrn"]
        let filler: String? = order["filler_number"]
        let task = try Row.fetchOne(db, sql: """
            SELECT id, result_status, filler_number, latest_message_id, received_at FROM tasks
            WHERE patient_mrn = ? AND (placer_number = ? OR (? IS NOT NULL AND filler_number = ?))
            ORDER BY service_code = ? DESC, id LIMIT 1
            """, arguments: [mrn, order["placer_number"] as String, filler, filler, order["service_code"] as String])
        guard let task else { return }
        // Resulted when the result arrived, before its order did.
        let resultedAt = (task["received_at"] as String?).flatMap(StoreTime.date) ?? now
        try markResulted(orderID, taskID: task["id"], resultStatus: task["result_status"], filler: task["filler_number"],
                         messageID: task["latest_message_id"], resultedAt: resultedAt, now: now, actor: "listener",
                         audit: audit, db)
    }

    /// The order a result answers, if one is tracked.
    private static func trackedOrder(mrn: String, placer: String?, filler: String?, service: String,
                                     _ db: Database) throws -> Int64? {
        if let placer {
            let candidates = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT id, service_code FROM orders WHERE kind = 'order' AND patient_mrn = ? AND placer_number = ? ORDER BY id
                """), arguments: [mrn, placer])
            if let same = candidates.first(where: { ($0["service_code"] as String) == service }) { return same["id"] }
            if candidates.count == 1 { return candidates[0]["id"] }
        }
        guard let filler else { return nil }
        return try Int64.fetchOne(db.cachedStatement(sql: """
            SELECT id FROM orders WHERE kind = 'order' AND patient_mrn = ? AND filler_number = ? ORDER BY service_code = ? DESC, id LIMIT 1
            """), arguments: [mrn, filler, service])
    }

    /// Preliminary until a final (or corrected) result; the first result's time is when it was resulted.
    private static func markResulted(_ orderID: Int64, taskID: Int64, resultStatus: String, filler: String?,
                                     messageID: Int64, resultedAt: Date, now: Date, actor: String, audit: AuditTrail,
                                     _ db: Database) throws {
        let state = ["F", "C"].contains(resultStatus.uppercased()) ? "final" : "preliminary"
        let before = try String.fetchOne(db, sql: "SELECT state FROM orders WHERE id = ?", arguments: [orderID])
        let after = before == "final" ? "final" : state
        guard before != after else { return }
        try db.cachedStatement(sql: """
            UPDATE orders SET state = ?, resulted_at = COALESCE(resulted_at, ?), result_task_id = ?,
                filler_number = COALESCE(filler_number, ?), updated_at = ?
            WHERE id = ?
            """).execute(arguments: [after, StoreTime.text(resultedAt), taskID, filler, StoreTime.text(now), orderID])
        try audit.append(at: now, user: actor, action: OrderAudit.resulted, taskID: taskID, details: [
            "order_id": String(orderID), "state": after, "previous_state": before ?? "", "message_id": String(messageID),
        ], db)
        // The result came after all: its "result not received" task has nothing left to chase.
        try MissingResultRows.closeAnswered(order: orderID, what: "result", taskID: taskID, messageID: messageID,
                                            actor: actor, now: now, audit: audit, db)
    }
}
