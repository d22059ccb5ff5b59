import CareQueueCore
import Foundation
import GRDB

/// A stored task as the ingest rules see it, with the row ids of its current observations.
struct StoredTask {
    var id: Int64
    var state: TaskState
    /// Row ids parallel to `state.observations`.
    var observationIDs: [Int64]
}

/// Reads and writes `tasks` and `observations` rows with cached statements (the ingest hot path).
enum TaskRows {
    /// The id of the task for `key`: the same filler number first, else the latest with the same placer number.
    static func find(_ key: OrderKey, _ db: Database) throws -> Int64? {
        if let filler = key.fillerNumber {
            let statement = try db.cachedStatement(sql: """
                SELECT id FROM tasks WHERE sending_application = ? AND sending_facility = ?
                    AND filler_number = ? AND service_code = ?
                """)
            let arguments: StatementArguments = [key.sender.application, key.sender.facility, filler, key.serviceCode]
            if let id = try Int64.fetchOne(statement, arguments: arguments) { return id }
        }
        if let placer = key.placerNumber {
            let statement = try db.cachedStatement(sql: """
                SELECT id FROM tasks WHERE sending_application = ? AND sending_facility = ?
                    AND placer_number = ? AND service_code = ? ORDER BY id DESC LIMIT 1
                """)
            let arguments: StatementArguments = [key.sender.application, key.sender.facility, placer, key.serviceCode]
            return try Int64.fetchOne(statement, arguments: arguments)
        }
        return nil
    }

    static func load(_ id: Int64, _ db: Database) throws -> StoredTask? {
        let statement = try db.cachedStatement(sql: "SELECT * FROM tasks WHERE id = ?")
        guard let record = try TaskRecord.fetchOne(statement, arguments: [id]) else { return nil }
        let (observationIDs, observations) = try currentObservations(of: id, db)
        return StoredTask(id: id, state: record.state(observations: observations), observationIDs: observationIDs)
    }

    static func insert(_ state: TaskState, messageID: Int64, controlID: String, charsetWarning: String?, now: Date,
                       _ db: Database) throws -> Int64 {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO tasks (sending_application, sending_facility, placer_number, filler_number, service_code,
                service_text, patient_mrn, patient_family, patient_given, patient_dob, patient_phone,
                ordering_npi, assigned_npi, covering_for_npi, routing_explanation,
                urgency, urgency_reason, lab_urgency, lab_urgency_reason, result_status, status,
                received_at, clock_started_at, due_at, clock_stopped_at, escalation_level, attempts,
                reopened, retraction_review, closed_at, closed_by, close_outcome, close_note,
                latest_control_id, latest_message_id, updated_at, charset_warning, search_folded, tier_position)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                ?, ?, ?, ?, ?, ?)
            """)
        var arguments: StatementArguments = [state.key.sender.application, state.key.sender.facility,
                                             state.key.placerNumber, state.key.fillerNumber, state.key.serviceCode]
        arguments += mutableColumns(state)
        arguments += [controlID, messageID, StoreTime.text(now), charsetWarning, searchDocument(state.patient),
                      state.tierPosition]
        try statement.execute(arguments: arguments)
        return db.lastInsertedRowID
    }

    /// Writes the task's new state; a charset warning, once recorded, stays (observations it
    /// concerns may still be current). A corrected patient name is findable under the new name.
    static func update(_ id: Int64, _ state: TaskState, messageID: Int64, controlID: String, charsetWarning: String?,
                       now: Date, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            UPDATE tasks SET placer_number = ?, filler_number = ?,
                service_text = ?, patient_mrn = ?, patient_family = ?, patient_given = ?, patient_dob = ?,
                patient_phone = ?, ordering_npi = ?, assigned_npi = ?, covering_for_npi = ?, routing_explanation = ?,
                urgency = ?, urgency_reason = ?, lab_urgency = ?, lab_urgency_reason = ?, result_status = ?,
                status = ?, received_at = ?, clock_started_at = ?, due_at = ?, clock_stopped_at = ?,
                escalation_level = ?, attempts = ?, reopened = ?, retraction_review = ?,
                closed_at = ?, closed_by = ?, close_outcome = ?, close_note = ?,
                latest_control_id = ?, latest_message_id = ?, updated_at = ?, version = version + 1,
                charset_warning = COALESCE(?, charset_warning), search_folded = ?, tier_position = ?
            WHERE id = ?
            """)
        var arguments: StatementArguments = [state.key.placerNumber, state.key.fillerNumber]
        arguments += mutableColumns(state)
        arguments += [controlID, messageID, StoreTime.text(now), charsetWarning, searchDocument(state.patient),
                      state.tierPosition, id]
        try statement.execute(arguments: arguments)
    }

    /// Marks rows as no longer current, retired by `messageID`.
    static func retireObservations(_ ids: [Int64], messageID: Int64, _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            UPDATE observations SET is_current = 0, retired_by_message_id = ? WHERE id = ? AND is_current = 1
            """)
        for id in ids { try statement.execute(arguments: [messageID, id]) }
    }

    static func insertObservations(_ records: [ObservationRecord], taskID: Int64, messageID: Int64,
                                   _ db: Database) throws {
        let statement = try db.cachedStatement(sql: """
            INSERT INTO observations (task_id, message_id, position, code, text, value_type, value, units,
                reference_range, flags, status, notes, is_current, retired_by_message_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for record in records {
            let observation = record.observation
            try statement.execute(arguments: [
                taskID, messageID, record.position, observation.code, observation.text, observation.valueType,
                observation.value, observation.units, observation.range, JSONText.array(observation.flags),
                observation.status, JSONText.array(observation.notes), record.isCurrent,
                record.isCurrent ? nil : messageID,
            ])
        }
    }

    /// The current observations of a task in display order, with their row ids.
    static func currentObservations(of taskID: Int64, _ db: Database) throws -> ([Int64], [TaskObservation]) {
        let statement = try db.cachedStatement(sql: """
            SELECT * FROM observations WHERE task_id = ? AND is_current = 1 ORDER BY position, id
            """)
        var ids: [Int64] = []
        var observations: [TaskObservation] = []
        let records = try TaskObservationRecord.fetchCursor(statement, arguments: [taskID])
        while let record = try records.next() {
            ids.append(record.id)
            observations.append(TaskObservation(position: record.position, observation: record.observation))
        }
        return (ids, observations)
    }

    /// What find searches for the task (`tasks.search_folded`).
    private static func searchDocument(_ patient: Patient) -> String {
        SearchText.document(mrn: patient.mrn, family: patient.family, given: patient.given)
    }

    /// Columns from service_text through close_note, in the order both INSERT and UPDATE list them.
    private static func mutableColumns(_ state: TaskState) -> StatementArguments {
        let routing = state.routing
        let closure = state.closure
        return [
            state.serviceText, state.patient.mrn, state.patient.family, state.patient.given, state.patient.dob,
            state.patient.phone, routing.orderingNPI, routing.assignedNPI, routing.coveringForNPI, routing.explanation,
            state.urgency.rawValue, state.urgencyReason, state.lowerLabTier?.urgency.rawValue,
            state.lowerLabTier?.reason, state.resultStatus, state.status.rawValue,
            StoreTime.text(state.receivedAt), StoreTime.text(state.clockStartedAt), state.dueAt.map(StoreTime.text),
            state.clockStoppedAt.map(StoreTime.text), state.escalationLevel, state.attempts, state.reopened,
            state.retractionReview, closure.map { StoreTime.text($0.at) }, closure?.by, closure?.outcome.rawValue,
            closure?.note,
        ]
    }
}

extension TaskRecord {
    /// How the task was closed; nil while it is not (or when closed_at is not in the stored form).
    var closure: TaskClosure? {
        closedAt.flatMap(StoreTime.date).map { at in
            TaskClosure(at: at, by: closedBy ?? "", outcome: CloseOutcome(rawValue: closeOutcome ?? "") ?? .reached,
                        note: closeNote ?? "")
        }
    }

    /// The task as the ingest rules see it; values a hand edit broke read as the defaults.
    func state(observations: [TaskObservation]) -> TaskState {
        let labTier = labUrgency.flatMap(Urgency.init(rawValue:))
            .map { TierDecision(urgency: $0, reason: labUrgencyReason ?? "") }
        let received = StoreTime.date(receivedAt) ?? Date(timeIntervalSince1970: 0)
        return TaskState(
            key: OrderKey(sender: SenderID(application: sendingApplication, facility: sendingFacility),
                          placerNumber: placerNumber, fillerNumber: fillerNumber, serviceCode: serviceCode),
            serviceText: serviceText,
            patient: Patient(mrn: patientMRN, family: patientFamily, given: patientGiven, dob: patientDOB,
                             phone: patientPhone),
            routing: RoutingDecision(assignedNPI: assignedNPI, orderingNPI: orderingNPI, coveringForNPI: coveringForNPI,
                                     explanation: routingExplanation),
            urgency: Urgency(rawValue: urgency) ?? .routine, urgencyReason: urgencyReason, lowerLabTier: labTier,
            resultStatus: resultStatus, status: TaskStatus(rawValue: status) ?? .open,
            receivedAt: received, clockStartedAt: clockStartedAt.flatMap(StoreTime.date) ?? received,
            dueAt: dueAt.flatMap(StoreTime.date), clockStoppedAt: clockStoppedAt.flatMap(StoreTime.date),
            escalationLevel: escalationLevel, attempts: attempts, reopened: reopened,
            retractionReview: retractionReview, closure: closure, observations: observations, tierPosition: tierPosition)
    }
}
