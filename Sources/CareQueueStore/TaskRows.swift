import CareQueueCore
import Foundation

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
    static func find(_ key: OrderKey, _ db: any SQLConnection) throws -> Int64? {
        // PostgreSQL pays a round trip per statement: both lookups in one. SQLite's two cached
        // statements cost less than the union would.
        guard db.dialect == .postgres, let filler = key.fillerNumber, let placer = key.placerNumber else {
            return try find(key, by: .filler, db) ?? find(key, by: .placer, db)
        }
        return try db.value(Int64.self, IngestSQL.findTaskByFillerThenPlacer) {
            bindOrder(key, number: filler, &$0)
            bindOrder(key, number: placer, &$0)
        }
    }

    /// The id of the task for `key` by one of its numbers (the latest, by placer number); nil when
    /// the key has no such number.
    static func find(_ key: OrderKey, by number: OrderNumber, _ db: any SQLConnection) throws -> Int64? {
        switch number {
        case .filler:
            guard let filler = key.fillerNumber else { return nil }
            return try db.value(Int64.self, IngestSQL.findTaskByFiller) { bindOrder(key, number: filler, &$0) }
        case .placer:
            guard let placer = key.placerNumber else { return nil }
            return try db.value(Int64.self, IngestSQL.findTaskByPlacer) { bindOrder(key, number: placer, &$0) }
        }
    }

    static func load(_ id: Int64, _ db: any SQLConnection) throws -> StoredTask? {
        guard let record = try db.fetchOne("SELECT * FROM tasks WHERE id = ?", { $0.add(id) }).map(TaskRecord.init)
        else { return nil }
        let (observationIDs, observations) = try currentObservations(of: id, db)
        return StoredTask(id: id, state: record.state(observations: observations), observationIDs: observationIDs)
    }

    static func insert(_ state: TaskState, messageID: Int64, controlID: String, charsetWarning: String?, now: Date,
                       _ db: any SQLConnection) throws -> Int64 {
        try db.insertReturningID(IngestSQL.insertTask) {
            $0.add(state.key.sender.application)
            $0.add(state.key.sender.facility)
            $0.add(state.key.placerNumber)
            $0.add(state.key.fillerNumber)
            $0.add(state.key.serviceCode)
            bindMutableColumns(state, &$0)
            bindLatest(controlID: controlID, messageID: messageID, now: now, charsetWarning: charsetWarning,
                       state: state, &$0)
        }
    }

    /// Writes the task's new state; a charset warning, once recorded, stays (observations it
    /// concerns may still be current). A corrected patient name is findable under the new name.
    static func update(_ id: Int64, _ state: TaskState, messageID: Int64, controlID: String, charsetWarning: String?,
                       now: Date, _ db: any SQLConnection) throws {
        try db.execute("""
            UPDATE tasks SET placer_number = ?, filler_number = ?,
                service_text = ?, patient_mrn = ?, patient_family = ?, patient_given = ?, patient_dob = ?,
                patient_phone = ?, ordering_npi = ?, assigned_npi = ?, covering_for_npi = ?, routing_explanation = ?,
                urgency = ?, urgency_reason = ?, lab_urgency = ?, lab_urgency_reason = ?, result_status = ?,
                status = ?, received_at = ?, clock_started_at = ?, due_at = ?, clock_stopped_at = ?,
                escalation_level = ?, attempts = ?, reopened = ?, retraction_review = ?,
                closed_at = ?, closed_by = ?, close_outcome = ?, close_note = ?,
                latest_control_id = ?, latest_message_id = ?, updated_at = ?, version = version + 1,
                charset_warning = COALESCE(?, charset_warning), search_folded = ?, tier_position = ?,
                callback_at = CASE WHEN ? = 1 THEN NULL ELSE callback_at END
            WHERE id = ?
            """) {
            $0.add(state.key.placerNumber)
            $0.add(state.key.fillerNumber)
            bindMutableColumns(state, &$0)
            bindLatest(controlID: controlID, messageID: messageID, now: now, charsetWarning: charsetWarning,
                       state: state, &$0)
            // A lab's cancellation closes the task, and a close ends its callback.
            $0.add(state.status == .closed)
            $0.add(id)
        }
    }

    /// Marks rows as no longer current, retired by `messageID`.
    static func retireObservations(_ ids: [Int64], messageID: Int64, _ db: any SQLConnection) throws {
        guard db.dialect == .postgres else {
            for id in ids {
                try db.execute("""
                    UPDATE observations SET is_current = 0, retired_by_message_id = ? WHERE id = ? AND is_current = 1
                    """) {
                    $0.add(messageID)
                    $0.add(id)
                }
            }
            return
        }
        // One statement per batch on PostgreSQL, where each costs a round trip.
        for batch in ids.batches(of: retiredPerStatement) {
            try db.execute("""
                UPDATE observations SET is_current = 0, retired_by_message_id = ?
                WHERE id IN (\(SQLPlaceholders.list(batch.count))) AND is_current = 1
                """) {
                $0.add(messageID)
                for id in batch { $0.add(id) }
            }
        }
    }

    /// Ids one retiring UPDATE names, at most.
    static let retiredPerStatement = 1_000

    /// Values of one observation row (`IngestSQL.insertObservation`'s columns).
    static let observationColumns = 14

    /// Rows of one multi-row observation INSERT (PostgreSQL): as many as its 65,535 bound values allow.
    static let observationsPerStatement = 65_535 / observationColumns

    static func insertObservations(_ records: [ObservationRecord], taskID: Int64, messageID: Int64,
                                   _ db: any SQLConnection, rowsPerStatement: Int = observationsPerStatement) throws {
        guard db.dialect == .postgres else {
            // SQLite: one cached statement, run per row (no round trips to save).
            for record in records {
                try db.execute(IngestSQL.insertObservation) { bindObservation(record, taskID: taskID, messageID: messageID, &$0) }
            }
            return
        }
        for batch in records.batches(of: rowsPerStatement) {
            try db.execute(IngestSQL.insertObservations(rows: batch.count)) { values in
                for record in batch { bindObservation(record, taskID: taskID, messageID: messageID, &values) }
            }
        }
    }

    /// One observation row's values, in `IngestSQL.insertObservation`'s column order.
    private static func bindObservation(_ record: ObservationRecord, taskID: Int64, messageID: Int64,
                                        _ values: inout SQLBindings) {
        let observation = record.observation
        values.add(taskID)
        values.add(messageID)
        values.add(record.position)
        values.add(observation.code)
        values.add(observation.text)
        values.add(observation.valueType)
        values.add(observation.value)
        values.add(observation.units)
        values.add(observation.range)
        values.add(JSONText.array(observation.flags))
        values.add(observation.status)
        values.add(JSONText.array(observation.notes))
        values.add(record.isCurrent)
        values.add(record.isCurrent ? nil : messageID)
    }

    /// The current observations of a task in display order, with their row ids.
    static func currentObservations(of taskID: Int64, _ db: any SQLConnection) throws -> ([Int64], [TaskObservation]) {
        var ids: [Int64] = []
        var observations: [TaskObservation] = []
        let records = try db.fetchAll("""
            SELECT * FROM observations WHERE task_id = ? AND is_current = 1 ORDER BY position, id
            """) { $0.add(taskID) }.map(TaskObservationRecord.init)
        for record in records {
            ids.append(record.id)
            observations.append(TaskObservation(position: record.position, observation: record.observation))
        }
        return (ids, observations)
    }

    /// What find searches for the task (`tasks.search_folded`).
    private static func searchDocument(_ state: TaskState) -> String {
        let patient = state.patient
        return SearchText.document(mrn: patient.mrn, family: patient.family, given: patient.given, test: state.serviceText)
    }

    /// The order's sender, one of its numbers and its service code: what `find` looks a task up by.
    private static func bindOrder(_ key: OrderKey, number: String, _ values: inout SQLBindings) {
        values.add(key.sender.application)
        values.add(key.sender.facility)
        values.add(number)
        values.add(key.serviceCode)
    }

    /// Columns from service_text through close_note, in the order both INSERT and UPDATE list them.
    private static func bindMutableColumns(_ state: TaskState, _ values: inout SQLBindings) {
        let patient = state.patient
        let routing = state.routing
        let closure = state.closure
        values.add(state.serviceText)
        values.add(patient.mrn)
        values.add(patient.family)
        values.add(patient.given)
        values.add(patient.dob)
        values.add(patient.phone)
        values.add(routing.orderingNPI)
        values.add(routing.assignedNPI)
        values.add(routing.coveringForNPI)
        values.add(routing.explanation)
        values.add(state.urgency.rawValue)
        values.add(state.urgencyReason)
        values.add(state.lowerLabTier?.urgency.rawValue)
        values.add(state.lowerLabTier?.reason)
        values.add(state.resultStatus)
        values.add(state.status.rawValue)
        values.add(StoreTime.text(state.receivedAt))
        values.add(StoreTime.text(state.clockStartedAt))
        values.add(state.dueAt.map(StoreTime.text))
        values.add(state.clockStoppedAt.map(StoreTime.text))
        values.add(state.escalationLevel)
        values.add(state.attempts)
        values.add(state.reopened)
        values.add(state.retractionReview)
        values.add(closure.map { StoreTime.text($0.at) })
        values.add(closure?.by)
        values.add(closure?.outcome.rawValue)
        values.add(closure?.note)
    }

    /// latest_control_id through tier_position, the columns INSERT and UPDATE end with.
    private static func bindLatest(controlID: String, messageID: Int64, now: Date, charsetWarning: String?,
                                   state: TaskState, _ values: inout SQLBindings) {
        values.add(controlID)
        values.add(messageID)
        values.add(StoreTime.text(now))
        values.add(charsetWarning)
        values.add(searchDocument(state))
        values.add(state.tierPosition)
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
