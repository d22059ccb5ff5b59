import CareQueueCore
import Foundation

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
        var bindings = SQLBindings()
        switch status {
        case .open: conditions.append("status <> 'closed'")
        case .closed: conditions.append("status = 'closed'")
        case .all: break
        }
        if let provider {
            conditions.append("assigned_npi = ?")
            bindings.add(provider)
        }
        if unassignedOnly { conditions.append("assigned_npi IS NULL") }
        return try listItems(where: conditions, bindings: bindings, limit: limit, offset: offset)
    }

    /// The dashboard's order: critical first, then due soonest — which puts overdue tasks first
    /// whatever the time — then those without a due time (clock stopped), then id. The indexes
    /// `tasks_open_queue_order` and `tasks_open_find` hold open tasks in exactly this order.
    static let urgencyOrder = "urgency <> 'critical', due_at IS NULL, due_at, id"

    /// One screenful of an open queue (nil: Unassigned), most urgent first — critical, then overdue
    /// as of `now`, then due soonest, with callbacks due raised above the non-critical tasks
    /// (`CallbackOrder`) — and how many open tasks the queue holds. A range of
    /// `tasks_open_queue_order`: no sort, however deep the page.
    public func queueWindow(assignedNPI: String?, at now: Date, limit: Int, offset: Int) throws
        -> (total: Int, tasks: [TaskListItem]) {
        let condition = assignedNPI == nil ? "assigned_npi IS NULL" : "assigned_npi = ?"
        var bindings = SQLBindings()
        if let assignedNPI { bindings.add(assignedNPI) }
        let bound = bindings
        let tally = openTaskTally
        let total = try engine.read { db in
            if let counted = try tally.openCount(npi: assignedNPI, db) { return counted }
            return try db.value(Int.self, "SELECT COUNT(*) FROM tasks WHERE status <> 'closed' AND \(condition)") {
                $0 = bound
            } ?? 0
        }
        // Callbacks due rise above the non-critical tasks (`CallbackOrder`); without any, one range read.
        let raised: [Int64]? = try engine.read { db in
            guard try !Self.dueCallbacks(queues: [assignedNPI], tier: nil, at: now, db).isEmpty else { return nil }
            let critical = try tally.counts(at: now, db)[OpenTaskTally.Group(npi: assignedNPI, urgency: "critical")]?.open ?? 0
            return try Self.windowIDs(queues: [assignedNPI], tier: nil, criticalTotal: critical, at: now,
                                      limit: limit, offset: offset, db)
        }
        if let raised { return (total, try tasks(ids: raised)) }
        let tasks = try listItems(where: ["status <> 'closed'", condition], bindings: bound,
                                  order: Self.urgencyOrder, limit: limit, offset: offset)
        return (total, tasks)
    }

    /// The tasks with these ids, in the order given (one read; ids not in the store are left out).
    public func tasks(ids: [Int64]) throws -> [TaskListItem] {
        guard !ids.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: ids.count).joined(separator: ", ")
        var bindings = SQLBindings()
        for id in ids { bindings.add(id) }
        let byID = Dictionary(try listItems(where: ["id IN (\(placeholders))"], bindings: bindings,
                                            limit: nil, offset: 0).map { ($0.id, $0) },
                              uniquingKeysWith: { first, _ in first })
        return ids.compactMap { byID[$0] }
    }

    /// One task for `tasks show`, whatever its status.
    public func task(id: Int64) throws -> TaskListItem? {
        var bindings = SQLBindings()
        bindings.add(id)
        return try listItems(where: ["id = ?"], bindings: bindings, limit: nil, offset: 0).first
    }

    /// Task `id` as a list row, read on `db` (inside a write, it sees the write's own changes).
    static func listItem(id: Int64, _ db: any SQLConnection) throws -> TaskListItem? {
        guard let row = try db.fetchOne("SELECT * FROM tasks WHERE id = ?", { $0.add(id) }) else { return nil }
        let record = try TaskRecord(row)
        var bindings = SQLBindings()
        bindings.add(id)
        let observations = try currentObservations(filter: "WHERE id = ?", bindings: bindings, db)
        return record.listItem(observations: observations[id] ?? [])
    }

    /// Tasks matching `conditions` in `order`; conditions and order are fixed SQL, every value is
    /// bound (`bindings`, for the conditions).
    private func listItems(where conditions: [String], bindings: SQLBindings,
                           order: String = "due_at IS NULL, due_at, id",
                           limit: Int?, offset: Int) throws -> [TaskListItem] {
        // The same WHERE, order and window select the tasks and their observations.
        var window = ""
        var bound = bindings
        if let limit {
            window = " LIMIT ? OFFSET ?"
            bound.add(max(limit, 0))
            bound.add(max(offset, 0))
        }
        let filter = (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            + " ORDER BY \(order)" + window
        let required = workflow.signoffRequired
        return try engine.read { db in
            let observations = try Self.currentObservations(filter: filter, bindings: bound, db)
            let claims = try TaskClaimRows.all(db)
            let names = required.isEmpty ? [:] : try RosterRows.providers(db).namesByNPI
            let preferences = try ContactPreferenceRows.preferences(forTasks: filter, { $0 = bound }, db)
            return try db.fetchAll("SELECT * FROM tasks \(filter)") { $0 = bound }.map { row in
                let task = try TaskRecord(row)
                var item = task.listItem(observations: observations[task.id] ?? [])
                item.claim = claims[task.id]
                item.contactPreference = preferences[task.patientMRN]
                item.signoff = task.signoffState(required: required, names: names)
                return item
            }
        }
    }

    private static func currentObservations(filter: String, bindings: SQLBindings,
                                            _ db: any SQLConnection) throws -> [Int64: [PositionedObservation]] {
        var byTask: [Int64: [PositionedObservation]] = [:]
        let rows = try db.fetchAll("""
            SELECT * FROM observations WHERE is_current = 1 AND task_id IN (SELECT id FROM tasks \(filter))
            ORDER BY task_id, position, id
            """) { $0 = bindings }
        for row in rows {
            let record = try TaskObservationRecord(row)
            byTask[record.taskID, default: []].append(PositionedObservation(record))
        }
        return byTask
    }
}

/// A current observation and its display position (which `tasks.tier_position` names).
private struct PositionedObservation {
    var position: Int
    var item: TaskListItem.ObservationItem

    init(_ record: TaskObservationRecord) {
        let observation = record.observation
        position = record.position
        item = TaskListItem.ObservationItem(code: observation.code, text: observation.text, value: observation.value,
                                            units: observation.units, range: observation.range, flags: observation.flags,
                                            status: observation.status)
    }
}

extension TaskRecord {
    /// The task as `tasks list` shows it, with its current observations in display order.
    fileprivate func listItem(observations positioned: [PositionedObservation]) -> TaskListItem {
        let observations = positioned.map(\.item)
        let patient = Patient(mrn: patientMRN, family: patientFamily, given: patientGiven)
        var reason = urgencyReason
        if let lower = labUrgencyReason {
            reason += "; kept (latest result alone: \(lower))"
        }
        var item = TaskListItem(
            id: id, status: TaskStatus(rawValue: status) ?? .open, urgency: Urgency(rawValue: urgency) ?? .routine,
            mrn: patient.mrn, patient: patient.displayName, orderingNPI: orderingNPI, assignedNPI: assignedNPI,
            test: serviceText.isEmpty ? serviceCode : serviceText, observations: observations,
            resultStatus: resultStatus, receivedAt: StoreTime.date(receivedAt) ?? Date(timeIntervalSince1970: 0),
            dueAt: dueAt.flatMap(StoreTime.date), escalationLevel: escalationLevel, attempts: attempts,
            controlID: latestControlID, urgencyReason: reason, dob: patientDOB.map(BirthDate.display),
            phone: patientPhone, coveringForNPI: coveringForNPI, routing: routingExplanation, reopened: reopened,
            retractionReview: retractionReview)
        item.testCode = serviceCode
        item.placerNumber = placerNumber
        item.fillerNumber = fillerNumber
        item.charsetWarning = charsetWarning
        item.kind = TaskKind(rawValue: kind) ?? .result
        // A closed task has no callback pending, whatever a hand edit left in the column.
        item.callbackAt = item.status == .closed ? nil : callbackAt.flatMap(StoreTime.date)
        item.decidingObservation = tierPosition.flatMap { position in positioned.firstIndex { $0.position == position } }
        return item
    }
}
