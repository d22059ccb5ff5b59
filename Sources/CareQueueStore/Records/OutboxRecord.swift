import CareQueueCore
import Foundation
import GRDB

/// A row of `outbox`, with the task's patient and test when the query joins them.
struct OutboxRecord: FetchableRecord {
    /// The columns lists read (everything but the message), joined to the task.
    static let listColumns = """
        o.id, o.task_id, o.event, o.control_id, o.message_type, o.status, o.created_at, o.deliverable_at,
        o.attempts, o.next_attempt_at, o.last_attempt_at, o.first_failure_at, o.last_error, o.ack_code, o.ack,
        o.finished_at, t.patient_family, t.patient_given, t.service_text, t.service_code
        """

    var entry: OutboxEntry

    init(row: Row) throws { try self.init(SQLRow(row)) }

    init(_ row: SQLRow) throws {
        let family: String = row["patient_family"] ?? ""
        let given: String = row["patient_given"] ?? ""
        let serviceText: String = row["service_text"] ?? ""
        let serviceCode: String = row["service_code"] ?? ""
        let date = { (column: String) -> Date? in (row[column] as String?).flatMap(StoreTime.date) }
        entry = OutboxEntry(
            id: row["id"], taskID: row["task_id"], event: OutboundEvent.Kind(rawValue: row["event"]) ?? .close,
            controlID: row["control_id"], messageType: row["message_type"],
            status: OutboxEntry.Status(rawValue: row["status"]) ?? .waiting,
            createdAt: date("created_at") ?? .distantPast, deliverableAt: date("deliverable_at") ?? .distantPast,
            attempts: row["attempts"], nextAttemptAt: date("next_attempt_at") ?? .distantPast,
            lastAttemptAt: date("last_attempt_at"), firstFailureAt: date("first_failure_at"),
            lastError: row["last_error"], ackCode: row["ack_code"], ack: row["ack"], finishedAt: date("finished_at"),
            patient: Patient(mrn: "", family: family, given: given).displayName,
            test: serviceText.isEmpty ? serviceCode : serviceText)
    }
}
