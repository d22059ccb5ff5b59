import CareQueueCore
import Foundation
import GRDB

/// Derives one stored, acknowledged result into its tasks, observations and audit rows, inside the
/// derivation's open transaction.
struct TaskDerivation {
    let db: Database
    let roster: Roster
    let windows: CareQueueConfig.Windows
    let tiers: CareQueueConfig.Tiers
    let audit: AuditTrail

    /// Makes or updates the task of each order in `message` (stored as `messageID` at `storedAt`).
    /// Clocks start at `storedAt`, the moment the result was acknowledged, however late it is derived.
    func derive(_ message: ResultMessage, messageID: Int64, storedAt: Date, charsetWarning: String?) throws {
        for patientResult in message.patientResults {
            for order in patientResult.orders {
                try derive(order, patient: patientResult.patient, message: message, messageID: messageID,
                           now: storedAt, charsetWarning: charsetWarning)
            }
        }
    }

    private func derive(_ order: OrderResult, patient: Patient, message: ResultMessage, messageID: Int64, now: Date,
                        charsetWarning: String?) throws {
        let key = OrderKey(sender: message.sender, order: order)
        let stored = try TaskRows.find(key, db).flatMap { try TaskRows.load($0, db) }
        let routing = Router.route(order.orderingProvider, roster: roster, at: now)
        let update = OrderUpdate.apply(existing: stored?.state, order: order, patient: patient, sender: message.sender,
                                       routing: routing, now: now, windows: windows, tiers: tiers)
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
        try OrderMatching.matchResult(order, patient: patient, taskID: taskID, messageID: messageID, now: now,
                                      actor: actor, audit: audit, db)
    }
}
