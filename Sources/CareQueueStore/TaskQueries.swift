import CareQueueCore
import Foundation
import GRDB

/// Which tasks `tasks list --status` shows.
public enum TaskStatusFilter: String, Sendable, CaseIterable {
    /// Not closed (acknowledged included): the default.
    case open
    case closed
    case all
}

extension CareQueueDatabase {
    /// Tasks for `tasks list`, sorted by due time (stopped clocks last), then id.
    ///
    /// - parameters:
    ///   - provider: only tasks assigned to this NPI.
    ///   - unassignedOnly: only the Unassigned queue.
    ///   - limit: at most this many rows (a screenful), starting after `offset` rows.
    public func tasks(status: TaskStatusFilter = .open, provider: String? = nil, unassignedOnly: Bool = false,
                      limit: Int? = nil, offset: Int = 0) throws -> [TaskListItem] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        switch status {
        case .open: conditions.append("status <> 'closed'")
        case .closed: conditions.append("status = 'closed'")
        case .all: break
        }
        if let provider {
            conditions.append("assigned_npi = ?")
            arguments += [provider]
        }
        if unassignedOnly { conditions.append("assigned_npi IS NULL") }
        return try listItems(where: conditions, arguments: arguments, limit: limit, offset: offset)
    }

    /// One screenful of an open queue (nil: Unassigned), most urgent first — critical, then overdue
    /// as of `now`, then due soonest — and how many open tasks the queue holds.
    public func queueWindow(assignedNPI: String?, at now: Date, limit: Int, offset: Int) throws
        -> (total: Int, tasks: [TaskListItem]) {
        let condition = assignedNPI == nil ? "assigned_npi IS NULL" : "assigned_npi = ?"
        let arguments: StatementArguments = assignedNPI.map { [$0] } ?? []
        let total = try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tasks WHERE status <> 'closed' AND \(condition)",
                             arguments: arguments) ?? 0
        }
        let tasks = try listItems(where: ["status <> 'closed'", condition], arguments: arguments,
                                  order: "urgency <> 'critical', due_at IS NULL OR due_at > '\(StoreTime.text(now))', due_at IS NULL, due_at, id",
                                  limit: limit, offset: offset)
        return (total, tasks)
    }

    /// One task for `tasks show`, whatever its status.
    public func task(id: Int64) throws -> TaskListItem? {
        try listItems(where: ["id = ?"], arguments: [id], limit: nil, offset: 0).first
    }

    private func listItems(where conditions: [String], arguments: StatementArguments,
                           order: String = "due_at IS NULL, due_at, id", limit: Int?,
                           offset: Int) throws -> [TaskListItem] {
        // The same WHERE, order and window select the tasks and their observations.
        let filter = (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY \(order)" + (limit.map { " LIMIT \(max($0, 0)) OFFSET \(max(offset, 0))" } ?? "")
        return try read { db in
            let observations = try Self.currentObservations(filter: filter, arguments: arguments, db)
            return try Row.fetchAll(db, sql: """
                SELECT id, status, urgency, patient_mrn, patient_family, patient_given, ordering_npi, assigned_npi,
                    service_code, service_text, result_status, received_at, due_at, escalation_level, attempts,
                    latest_control_id, urgency_reason, lab_urgency_reason, patient_dob, patient_phone,
                    covering_for_npi, routing_explanation, reopened, retraction_review, placer_number, filler_number,
                    charset_warning
                FROM tasks \(filter)
                """, arguments: arguments)
                .map { row in Self.listItem(row, observations: observations[row[0]] ?? []) }
        }
    }

    private static func currentObservations(filter: String, arguments: StatementArguments,
                                            _ db: Database) throws -> [Int64: [TaskListItem.ObservationItem]] {
        var byTask: [Int64: [TaskListItem.ObservationItem]] = [:]
        let rows = try Row.fetchCursor(db, sql: """
            SELECT task_id, code, text, value_type, value, units, reference_range, flags, status, notes
            FROM observations WHERE is_current = 1 AND task_id IN (SELECT id FROM tasks \(filter))
            ORDER BY task_id, position, id
            """, arguments: arguments)
        while let row = try rows.next() {
            let observation = TaskRows.observation(row, from: 1)
            byTask[row[0], default: []].append(TaskListItem.ObservationItem(
                code: observation.code, text: observation.text, value: observation.value, units: observation.units,
                range: observation.range, flags: observation.flags, status: observation.status))
        }
        return byTask
    }

    private static func listItem(_ row: Row, observations: [TaskListItem.ObservationItem]) -> TaskListItem {
        let patient = Patient(mrn: row[3], family: row[4], given: row[5])
        let serviceText: String = row[9]
        var urgencyReason: String = row[16]
        if let lower: String = row[17] {
            urgencyReason += "; kept (latest result alone: \(lower))"
        }
        var item = TaskListItem(
            id: row[0], status: TaskStatus(rawValue: row[1]) ?? .open, urgency: Urgency(rawValue: row[2]) ?? .routine,
            mrn: patient.mrn, patient: patient.displayName, orderingNPI: row[6], assignedNPI: row[7],
            test: serviceText.isEmpty ? row[8] : serviceText, observations: observations, resultStatus: row[10],
            receivedAt: StoreTime.date(row[11]) ?? Date(timeIntervalSince1970: 0),
            dueAt: (row[12] as String?).flatMap(StoreTime.date), escalationLevel: row[13], attempts: row[14],
            controlID: row[15], urgencyReason: urgencyReason, dob: (row[18] as String?).map(BirthDate.display),
            phone: row[19], coveringForNPI: row[20], routing: row[21], reopened: row[22], retractionReview: row[23])
        item.testCode = row[8]
        item.placerNumber = row[24]
        item.fillerNumber = row[25]
        item.charsetWarning = row[26]
        return item
    }
}
