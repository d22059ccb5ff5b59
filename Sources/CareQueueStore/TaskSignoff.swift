import CareQueueCore
import Foundation
import GRDB

extension TaskRecord {
    /// The stored sign-off; nil while nobody signed (or when signed_off_at is not in the stored form).
    var signed: Signoff? {
        guard let at = signedOffAt.flatMap(StoreTime.date), let npi = signedOffNPI else { return nil }
        return Signoff(providerName: signedOffBy ?? npi, npi: npi, at: at, note: signoffNote ?? "")
    }

    /// Where the task stands with sign-off under `required` (`[workflow] signoff_required`);
    /// `names` are the roster's names by NPI, for whose sign-off it waits.
    func signoffState(required: [Urgency], names: [String: String]) -> SignoffState {
        let tier = Urgency(rawValue: urgency) ?? .routine
        // A missing result has nothing to review.
        let gated = kind != TaskKind.missingResult.rawValue
            && SignoffRule.isRequired(urgency: tier, resultStatus: resultStatus, required: required)
        return SignoffState(required: gated,
                            awaited: SignoffRule.awaitedProvider(assignedNPI: assignedNPI, orderingNPI: orderingNPI,
                                                                 names: names),
                            orderingNPI: orderingNPI, signed: signed)
    }
}

extension TaskRows {
    /// A result that changed after its sign-off (a correction, new or replaced observations) needs
    /// the provider's review again: the sign-off is cleared (its clock still counts from receipt), and the audit
    /// says what was signed and why it no longer stands. Nothing happens to a task nobody signed.
    static func clearSignoff(_ id: Int64, messageID: Int64, controlID: String, now: Date, actor: String,
                             audit: AuditTrail, _ db: any SQLConnection) throws {
        guard let row = try db.fetchOne("""
            SELECT signed_off_by, signed_off_npi, signed_off_at FROM tasks WHERE id = ? AND signed_off_at IS NOT NULL
            """, { $0.add(id) }) else { return }
        try db.execute("""
            UPDATE tasks SET signed_off_at = NULL, signed_off_by = NULL, signed_off_npi = NULL, signoff_note = NULL,
                signoff_escalation_level = 0, version = version + 1 WHERE id = ?
            """) { $0.add(id) }
        let signedBy: String? = row["signed_off_by"]
        let signedNPI: String? = row["signed_off_npi"]
        let signedAt: String? = row["signed_off_at"]
        try audit.append(at: now, user: actor, action: SignoffRule.clearedAuditAction, taskID: id, details: [
            "reason": "the result changed after sign-off", "signed_off_by": signedBy ?? "",
            "signed_off_npi": signedNPI ?? "", "signed_off_at": signedAt ?? "",
            "message_id": String(messageID), "control_id": controlID,
        ], db)
    }
}
