import CareQueueCore
import Foundation

extension ReferralOnFile {
    init(_ row: SQLRow) {
        let text: String = row["service_text"]
        self.init(id: row["id"], mrn: row["patient_mrn"], placerNumber: row["placer_number"],
                  reason: text.isEmpty ? row["service_code"] : text, referringNPI: row["ordering_npi"], state: row["state"])
    }

    static let columns = "id, patient_mrn, placer_number, service_code, service_text, ordering_npi, state"
}

/// Tracked referrals and lab orders as the open transaction sees them.
struct StoredReferrals: ReferralLookup {
    let db: any SQLConnection

    func referral(mrn: String, ids: [String]) throws -> ReferralOnFile? {
        try ReferralMatching.tracked(mrn: mrn, ids: ids, db)
    }

    func isLabOrder(mrn: String, placer: String) throws -> Bool {
        try ReferralMatching.isLabOrder(mrn: mrn, placer: placer, db)
    }
}

/// Closes tracked referrals with their consult notes (which note names which referral is
/// `ConsultNoteMatching`'s decision). Whichever arrives first, the referral ends up `final`,
/// naming the note's task.
enum ReferralMatching {
    static let closed = "referral.closed"

    /// Marks `referral` answered by task `taskID`: `final`, resulted when the note arrived. A
    /// referral already final keeps its first note.
    static func close(_ referral: ReferralOnFile, taskID: Int64, messageID: Int64, resultedAt: Date, now: Date,
                      actor: String, audit: AuditTrail, _ db: any SQLConnection) throws {
        guard referral.state != "final", let referralID = referral.id else { return }
        try db.execute("""
            UPDATE orders SET state = 'final', resulted_at = COALESCE(resulted_at, ?),
                result_task_id = COALESCE(result_task_id, ?), updated_at = ?
            WHERE id = ?
            """) {
            $0.add(StoreTime.text(resultedAt))
            $0.add(taskID)
            $0.add(StoreTime.text(now))
            $0.add(referralID)
        }
        try audit.append(at: now, user: actor, action: closed, taskID: taskID, details: [
            "order_id": String(referralID), "previous_state": referral.state, "message_id": String(messageID),
        ], db)
        // The note came after all: its "consult note not received" task has nothing left to chase.
        try MissingResultRows.closeAnswered(order: referralID, what: "consult note", taskID: taskID,
                                            messageID: messageID, actor: actor, now: now, audit: audit, db)
    }

    /// After referral `referralID` was stored: a consult note already a task closes it now, as of
    /// when the note arrived. A note that said "no referral on file" now says "review", and one still
    /// Unassigned (and never reassigned by hand) goes to the referral's referring provider.
    static func matchStoredNote(referralID: Int64, roster: Roster, now: Date, audit: AuditTrail, _ db: any SQLConnection) throws {
        guard let row = try db.fetchOne("SELECT \(ReferralOnFile.columns) FROM orders WHERE id = ?", { $0.add(referralID) })
        else { return }
        let referral = ReferralOnFile(row)
        guard referral.state != "final", try !isLabOrder(mrn: referral.mrn, placer: referral.placerNumber, db),
              let task = try db.fetchOne("""
                SELECT id, received_at, latest_message_id, assigned_npi, status, manually_reassigned, urgency, urgency_reason
                FROM tasks WHERE patient_mrn = ? AND placer_number = ? ORDER BY id LIMIT 1
                """, { $0.add(referral.mrn); $0.add(referral.placerNumber) }) else { return }
        let taskID: Int64 = task["id"]
        let resultedAt = (task["received_at"] as String?).flatMap(StoreTime.date) ?? now
        try close(referral, taskID: taskID, messageID: task["latest_message_id"], resultedAt: resultedAt, now: now,
                  actor: "listener", audit: audit, db)
        if ConsultNoteRule.isUnmatched(task["urgency_reason"]), let urgency = Urgency(rawValue: task["urgency"]) {
            try db.execute("UPDATE tasks SET urgency_reason = ?, service_text = ?, version = version + 1, updated_at = ? WHERE id = ?") {
                $0.add(ConsultNoteRule.reviewReason(urgency))
                $0.add(referral.reason)
                $0.add(StoreTime.text(now))
                $0.add(taskID)
            }
        }
        let unassigned = (task["assigned_npi"] as String?) == nil && (task["status"] as String) != "closed"
            && (task["manually_reassigned"] as Int) == 0
        let routing = Router.route(referral.referringProvider, roster: roster, at: now)
        guard unassigned, let assigned = routing.assignedNPI else { return }
        try db.execute("""
            UPDATE tasks SET assigned_npi = ?, ordering_npi = ?, covering_for_npi = ?, routing_explanation = ?,
                version = version + 1, updated_at = ?
            WHERE id = ?
            """) {
            $0.add(assigned)
            $0.add(routing.orderingNPI)
            $0.add(routing.coveringForNPI)
            $0.add(routing.explanation)
            $0.add(StoreTime.text(now))
            $0.add(taskID)
        }
        try audit.append(at: now, user: "listener", action: TaskEvent.Action.routed.rawValue, taskID: taskID,
                         details: ["assigned_npi": assigned, "order_id": String(referralID)], db)
    }

    /// The first of `ids` tracked as a referral of patient `mrn`.
    static func tracked(mrn: String, ids: [String], _ db: any SQLConnection) throws -> ReferralOnFile? {
        for id in ids {
            if let row = try db.fetchOne("""
                SELECT \(ReferralOnFile.columns) FROM orders WHERE kind = 'referral' AND patient_mrn = ? AND placer_number = ?
                ORDER BY id LIMIT 1
                """, { $0.add(mrn); $0.add(id) }) {
                return ReferralOnFile(row)
            }
        }
        return nil
    }

    /// A lab order is tracked under this number: its results are the order's, not consult notes.
    static func isLabOrder(mrn: String, placer: String, _ db: any SQLConnection) throws -> Bool {
        try db.value(Bool.self, """
            SELECT EXISTS (SELECT 1 FROM orders WHERE kind = 'order' AND patient_mrn = ? AND placer_number = ?)
            """) { $0.add(mrn); $0.add(placer) } ?? false
    }
}
