import CareQueueCore
import Foundation
import GRDB

/// A tracked referral as a consult note needs it: what to close, whom to route to, what to call it.
struct TrackedReferral {
    var id: Int64
    var mrn: String
    var placerNumber: String
    /// The reason's text, else its code.
    var reason: String
    var referringNPI: String?
    var state: String

    init(_ row: Row) {
        id = row["id"]
        mrn = row["patient_mrn"]
        placerNumber = row["placer_number"]
        let text: String = row["service_text"]
        reason = text.isEmpty ? row["service_code"] : text
        referringNPI = row["ordering_npi"]
        state = row["state"]
    }

    static let columns = "id, patient_mrn, placer_number, service_code, service_text, ordering_npi, state"

    /// The referring provider as routing reads it (an NPI is stored only when the referral named one).
    var referringProvider: ProviderReference? {
        referringNPI.map { ProviderReference(id: $0, idType: "NPI", isNPI: true, source: .referral) }
    }
}

/// What makes a message a consult note, and what it answers: the referral it closes (nil when none
/// is on file), and how its task is named and routed — to the referral's referring provider, else
/// to the provider the note itself names.
struct ConsultNoteMatch {
    var referral: TrackedReferral?
    /// The note as its task keeps it: the referral's reason as its test text.
    var order: OrderResult
    var provider: ProviderReference?

    func reason(_ tier: Urgency) -> String {
        referral == nil ? ConsultNoteRule.unmatchedReason(tier) : ConsultNoteRule.reviewReason(tier)
    }
}

/// Matches consult notes to tracked referrals: the same patient (MRN) and the referral id — named
/// by a document (ORC-2, OBR-2, TXA-14), or by a result's placer number (OBR-2/ORC-2) when no lab
/// order is tracked under it. Whichever arrives first, the referral ends up `final`, naming the
/// note's task. The sending system need not be the same.
enum ReferralMatching {
    static let closed = "referral.closed"

    /// The consult note `order` of patient `mrn` is, if it is one. `documentReferralIDs` is nil for a
    /// result (a consult note only when its placer number names a tracked referral) and the ids a
    /// document names otherwise (always a note, on file or not).
    static func match(_ order: OrderResult, mrn: String, documentReferralIDs: [String]?,
                      _ db: Database) throws -> ConsultNoteMatch? {
        let referral: TrackedReferral?
        if let ids = documentReferralIDs {
            referral = try tracked(mrn: mrn, ids: ids, db)
        } else {
            // Most results name no referral: that one probe is all they cost.
            guard let placer = order.placerNumber, let found = try tracked(mrn: mrn, ids: [placer], db),
                  try !isLabOrder(mrn: mrn, placer: placer, db) else { return nil }
            referral = found
        }
        var order = order
        if let referral { order.serviceText = referral.reason }
        return ConsultNoteMatch(referral: referral, order: order, provider: referral?.referringProvider ?? order.orderingProvider)
    }

    /// Marks `referral` answered by task `taskID`: `final`, resulted when the note arrived. A
    /// referral already final keeps its first note.
    static func close(_ referral: TrackedReferral, taskID: Int64, messageID: Int64, resultedAt: Date, now: Date,
                      actor: String, audit: AuditTrail, _ db: Database) throws {
        guard referral.state != "final" else { return }
        try db.cachedStatement(sql: """
            UPDATE orders SET state = 'final', resulted_at = COALESCE(resulted_at, ?),
                result_task_id = COALESCE(result_task_id, ?), updated_at = ?
            WHERE id = ?
            """).execute(arguments: [StoreTime.text(resultedAt), taskID, StoreTime.text(now), referral.id])
        try audit.append(at: now, user: actor, action: closed, taskID: taskID, details: [
            "order_id": String(referral.id), "previous_state": referral.state, "message_id": String(messageID),
        ], db)
        // The note came after all: its "consult note not received" task has nothing left to chase.
        try MissingResultRows.closeAnswered(order: referral.id, what: "consult note", taskID: taskID,
                                            messageID: messageID, actor: actor, now: now, audit: audit, db)
    }

    /// After referral `referralID` was stored: a consult note already a task closes it now, as of
    /// when the note arrived. A note that said "no referral on file" now says "review", and one still
    /// Unassigned (and never reassigned by hand) goes to the referral's referring provider.
    static func matchStoredNote(referralID: Int64, roster: Roster, now: Date, audit: AuditTrail, _ db: Database) throws {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(TrackedReferral.columns) FROM orders WHERE id = ?",
                                         arguments: [referralID]) else { return }
        let referral = TrackedReferral(row)
        guard referral.state != "final", try !isLabOrder(mrn: referral.mrn, placer: referral.placerNumber, db),
              let task = try Row.fetchOne(db, sql: """
                SELECT id, received_at, latest_message_id, assigned_npi, status, manually_reassigned, urgency, urgency_reason
                FROM tasks WHERE patient_mrn = ? AND placer_number = ? ORDER BY id LIMIT 1
                """, arguments: [referral.mrn, referral.placerNumber]) else { return }
        let taskID: Int64 = task["id"]
        let resultedAt = (task["received_at"] as String?).flatMap(StoreTime.date) ?? now
        try close(referral, taskID: taskID, messageID: task["latest_message_id"], resultedAt: resultedAt, now: now,
                  actor: "listener", audit: audit, db)
        if ConsultNoteRule.isUnmatched(task["urgency_reason"]), let urgency = Urgency(rawValue: task["urgency"]) {
            try db.execute(sql: "UPDATE tasks SET urgency_reason = ?, service_text = ?, version = version + 1, updated_at = ? WHERE id = ?",
                           arguments: [ConsultNoteRule.reviewReason(urgency), referral.reason, StoreTime.text(now), taskID])
        }
        let unassigned = (task["assigned_npi"] as String?) == nil && (task["status"] as String) != "closed"
            && (task["manually_reassigned"] as Int) == 0
        let routing = Router.route(referral.referringProvider, roster: roster, at: now)
        guard unassigned, let assigned = routing.assignedNPI else { return }
        try db.execute(sql: """
            UPDATE tasks SET assigned_npi = ?, ordering_npi = ?, covering_for_npi = ?, routing_explanation = ?,
                version = version + 1, updated_at = ?
            WHERE id = ?
            """, arguments: [assigned, routing.orderingNPI, routing.coveringForNPI, routing.explanation, StoreTime.text(now), taskID])
        try audit.append(at: now, user: "listener", action: TaskEvent.Action.routed.rawValue, taskID: taskID,
                         details: ["assigned_npi": assigned, "order_id": String(referral.id)], db)
    }

    /// The first of `ids` tracked as a referral of patient `mrn`.
    private static func tracked(mrn: String, ids: [String], _ db: Database) throws -> TrackedReferral? {
        for id in ids {
            if let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT \(TrackedReferral.columns) FROM orders WHERE kind = 'referral' AND patient_mrn = ? AND placer_number = ?
                ORDER BY id LIMIT 1
                """), arguments: [mrn, id]) {
                return TrackedReferral(row)
            }
        }
        return nil
    }

    /// A lab order is tracked under this number: its results are the order's, not consult notes.
    private static func isLabOrder(mrn: String, placer: String, _ db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM orders WHERE kind = 'order' AND patient_mrn = ? AND placer_number = ?)
            """), arguments: [mrn, placer]) ?? false
    }
}
