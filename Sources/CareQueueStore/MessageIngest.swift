import CareQueueCore
import Foundation
import GRDB

/// Stores one `IngestItem` inside the writer's open transaction: the raw message, its tasks,
/// observations and audit rows, or a review-list row for a refused one.
struct MessageIngest {
    let db: Database
    let roster: Roster
    /// Commit time of the group, whole seconds: clocks start here.
    let now: Date
    let windows: CareQueueConfig.Windows
    let tiers: CareQueueConfig.Tiers
    let audit: AuditTrail

    func ingest(_ item: IngestItem) throws -> IngestOutcome {
        switch item.content {
        case .refused(let refusal):
            let messageID = try insertMessage(item, sender: item.sender, controlID: item.controlID, version: nil,
                                              ackCode: refusal.kind.rawValue, refusal: refusal)
            try audit.append(at: now, user: actor(item.sender), action: "message.refused", taskID: nil,
                                 details: ["message_id": String(messageID), "ack_code": refusal.kind.rawValue,
                                           "error_code": String(refusal.code.rawValue)], db)
            return .refused(refusal)
        case .result(let message):
            if let original = try acceptedMessageID(message.sender, message.controlID) {
                try audit.append(at: now, user: actor(message.sender), action: "message.duplicate", taskID: nil,
                                     details: ["message_id": String(original), "control_id": message.controlID,
                                               "peer": item.peer], db)
                return .duplicate
            }
            let messageID = try insertMessage(item, sender: message.sender, controlID: message.controlID,
                                              version: message.version, ackCode: "AA", refusal: nil)
            var taskIDs: [Int64] = []
            for patientResult in message.patientResults {
                for order in patientResult.orders {
                    let taskID = try ingest(order, patient: patientResult.patient, message: message, messageID: messageID)
                    if !taskIDs.contains(taskID) { taskIDs.append(taskID) }
                }
            }
            return .accepted(taskIDs: taskIDs)
        }
    }

    private func ingest(_ order: OrderResult, patient: Patient, message: ResultMessage, messageID: Int64) throws -> Int64 {
        let key = OrderKey(sender: message.sender, order: order)
        let stored = try TaskRows.find(key, db).flatMap { try TaskRows.load($0, db) }
        let routing = Router.route(order.orderingProvider, roster: roster, at: now)
        let update = OrderUpdate.apply(existing: stored?.state, order: order, patient: patient, sender: message.sender,
                                       routing: routing, now: now, windows: windows, tiers: tiers)
        let taskID: Int64
        if let stored {
            taskID = stored.id
            try TaskRows.update(taskID, update.task, messageID: messageID, controlID: message.controlID, now: now, db)
            try TaskRows.retireObservations(update.retiredObservations.map { stored.observationIDs[$0] },
                                            messageID: messageID, db)
        } else {
            taskID = try TaskRows.insert(update.task, messageID: messageID, controlID: message.controlID, now: now, db)
        }
        try TaskRows.insertObservations(update.addedObservations, taskID: taskID, messageID: messageID, db)
        for event in update.events {
            var details = event.details
            details["message_id"] = String(messageID)
            details["control_id"] = message.controlID
            try audit.append(at: now, user: actor(message.sender), action: event.action.rawValue, taskID: taskID,
                                 details: details, db)
        }
        return taskID
    }

    private func acceptedMessageID(_ sender: SenderID, _ controlID: String) throws -> Int64? {
        let statement = try db.cachedStatement(sql: """
            SELECT id FROM messages WHERE sending_application = ? AND sending_facility = ? AND control_id = ?
                AND ack_code IN ('AA', 'CA')
            """)
        return try Int64.fetchOne(statement, arguments: [sender.application, sender.facility, controlID])
    }

    private func insertMessage(_ item: IngestItem, sender: SenderID?, controlID: String?, version: String?,
                               ackCode: String, refusal: Refusal?) throws -> Int64 {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO messages (received_at, peer, sending_application, sending_facility, control_id, version, raw,
                ack_code, error_code, reason, location)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try statement.execute(arguments: [
            StoreTime.text(item.receivedAt), item.peer, sender?.application, sender?.facility, controlID, version,
            Data(item.raw), ackCode, refusal?.code.rawValue, refusal?.reason, refusal?.location,
        ])
        return db.lastInsertedRowID
    }

    /// The audit `user` for what a message did: the lab that sent it.
    private func actor(_ sender: SenderID?) -> String {
        sender.map { "lab:\($0.display)" } ?? "listener"
    }
}
