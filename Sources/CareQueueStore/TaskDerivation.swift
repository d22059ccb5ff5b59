import CareQueueCore
import Foundation

/// Derives one stored, acknowledged result into its tasks, observations and audit rows, inside the
/// derivation's open transaction.
struct TaskDerivation {
    let db: any SQLConnection
    let roster: Roster
    let windows: CareQueueConfig.Windows
    let tiers: CareQueueConfig.Tiers
    /// `[turnaround] consult_note_tier`: the tier of a consult note's task.
    let consultNoteTier: Urgency
    let audit: AuditTrail

    /// Makes or updates the task of each order in `message` (stored as `messageID` at `storedAt`).
    /// Clocks start at `storedAt`, the moment the result was acknowledged, however late it is derived.
    func derive(_ message: ResultMessage, messageID: Int64, storedAt: Date, charsetWarning: String?) throws {
        for patientResult in message.patientResults {
            for order in patientResult.orders {
                try derive(order, patient: patientResult.patient, message: message, messageID: messageID,
                           now: storedAt, charsetWarning: charsetWarning, documentReferralIDs: nil)
            }
        }
    }

    /// Makes or updates the task of consult note `note`, closing the referral it names.
    func derive(_ note: ConsultNote, messageID: Int64, storedAt: Date, charsetWarning: String?) throws {
        try derive(note.document, patient: note.patient, message: note.asResult, messageID: messageID, now: storedAt,
                   charsetWarning: charsetWarning, documentReferralIDs: note.referralIDs)
    }

    /// `documentReferralIDs`: nil for a result; for a document, the referral ids it names.
    private func derive(_ order: OrderResult, patient: Patient, message: ResultMessage, messageID: Int64, now: Date,
                        charsetWarning: String?, documentReferralIDs: [String]?) throws {
        // A consult note goes to the referring provider, with its own tier and reason.
        let consult = try ConsultNoteMatching.match(order, mrn: patient.mrn, documentReferralIDs: documentReferralIDs,
                                                    lookup: StoredReferrals(db: db))
        let order = consult?.order ?? order
        let key = OrderKey(sender: message.sender, order: order)
        let stored = try TaskRows.find(key, db).flatMap { try TaskRows.load($0, db) }
        let rules = ResultTaskRules(roster: roster, windows: windows, tiers: tiers, consultNoteTier: consultNoteTier)
        let update = rules.update(order, patient: patient, sender: message.sender, consult: consult,
                                  existing: stored?.state, now: now)
        let taskID: Int64
        if let stored {
            taskID = stored.id
            try TaskRows.update(taskID, update.task, messageID: messageID, controlID: message.controlID,
                                charsetWarning: charsetWarning, now: now, db)
            try TaskRows.retireObservations(update.retiredObservations.map { stored.observationIDs[$0] },
                                            messageID: messageID, db)
            if !update.addedObservations.isEmpty || !update.retiredObservations.isEmpty {
                try TaskRows.clearSignoff(taskID, messageID: messageID, controlID: message.controlID, now: now,
                                          actor: MessageIngest.actor(message.sender), audit: audit, db)
            }
        } else {
            taskID = try TaskRows.insert(update.task, messageID: messageID, controlID: message.controlID,
                                         charsetWarning: charsetWarning, now: now, db)
        }
        try TaskRows.insertObservations(update.addedObservations, taskID: taskID, messageID: messageID, db)
        let actor = MessageIngest.actor(message.sender)
        for event in update.events {
            var details = event.details
            details["message_id"] = String(messageID)
            details["control_id"] = message.controlID
            try audit.append(at: now, user: actor, action: event.action.rawValue, taskID: taskID, details: details, db)
        }
        if let referral = consult?.referral {
            try ReferralMatching.close(referral, taskID: taskID, messageID: messageID, resultedAt: now, now: now,
                                       actor: actor, audit: audit, db)
        } else if documentReferralIDs == nil {
            try OrderMatching.matchResult(order, patient: patient, taskID: taskID, messageID: messageID, now: now,
                                          actor: actor, audit: audit, db)
        }
    }
}
