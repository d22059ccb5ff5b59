import CareQueueCore
import Foundation

/// Routes open tasks again by today's roster and coverage, inside the caller's transaction.
///
/// A task keeps the NPI its message named (`ordering_npi`), so a result that came before its
/// provider was on the roster can still find them. Tasks a person reassigned stay where they were
/// put, except when that person was retired: their queue is no longer worked.
enum TaskRerouting {
    /// The audit action of every routing move.
    static let auditAction = "reroute"

    /// The reference `task` was routed by: its ordering NPI, named by the field its explanation
    /// gives (OBR-16 when it names none); nil when the message named no valid NPI.
    static func reference(of task: TaskRecord) -> ProviderReference? {
        guard let npi = task.orderingNPI else { return nil }
        let explanation = task.routingExplanation
        let field = ProviderField.allCases.first { $0 != .obr16 && explanation.contains($0.rawValue) } ?? .obr16
        return ProviderReference(id: npi, idType: "NPI", isNPI: true, source: field)
    }

    /// Writes `decision` onto `task` with an audit row when it changes where the task is or why;
    /// nil when nothing changed.
    static func move(_ task: TaskRecord, to decision: RoutingDecision, at now: Date, user: String, action: String,
                     reason: String, audit: AuditTrail, _ db: any SQLConnection) throws -> TaskReroute? {
        guard decision.assignedNPI != task.assignedNPI || decision.coveringForNPI != task.coveringForNPI
                || decision.explanation != task.routingExplanation else { return nil }
        try db.execute("""
            UPDATE tasks SET assigned_npi = ?, covering_for_npi = ?, routing_explanation = ?,
                version = version + 1, updated_at = ?
            WHERE id = ?
            """) {
            $0.add(decision.assignedNPI)
            $0.add(decision.coveringForNPI)
            $0.add(decision.explanation)
            $0.add(StoreTime.text(now))
            $0.add(task.id)
        }
        try audit.append(at: now, user: user, action: action, taskID: task.id, detailsJSON: JSONText.object(raw: [
            "reason": JSONText.quoted(reason),
            "before": JSONText.object(raw: ["assigned_npi": JSONText.nullable(task.assignedNPI),
                                            "covering_for_npi": JSONText.nullable(task.coveringForNPI),
                                            "routing": JSONText.quoted(task.routingExplanation)]),
            "after": JSONText.object(raw: ["assigned_npi": JSONText.nullable(decision.assignedNPI),
                                           "covering_for_npi": JSONText.nullable(decision.coveringForNPI),
                                           "routing": JSONText.quoted(decision.explanation)]),
        ]), db)
        return TaskReroute(taskID: task.id, fromNPI: task.assignedNPI, toNPI: decision.assignedNPI,
                           explanation: decision.explanation)
    }

    /// Routes every open task routing owns again at `now` (after an import changed the roster or
    /// coverage), moving those whose queue changed; then sends tasks reassigned by hand to a
    /// retired person to Unassigned.
    static func rerouteOpen(at now: Date, reason: String, audit: AuditTrail, _ db: any SQLConnection) throws -> [TaskReroute] {
        let roster = try RosterRows.roster(db)
        let tasks = try db.fetchAll("""
            SELECT * FROM tasks WHERE status <> 'closed' AND ordering_npi IS NOT NULL AND manually_reassigned = 0
            ORDER BY id
            """).map(TaskRecord.init)
        var moves: [TaskReroute] = []
        for task in tasks {
            let decision = Router.route(reference(of: task), roster: roster, at: now)
            // Only a change of queue moves a task in bulk: a renamed provider does not rewrite every explanation.
            guard decision.assignedNPI != task.assignedNPI || decision.coveringForNPI != task.coveringForNPI else { continue }
            if let move = try move(task, to: decision, at: now, user: "carequeue", action: auditAction, reason: reason,
                                   audit: audit, db) { moves.append(move) }
        }
        return moves + (try unassignFromRetired(roster: roster, at: now, reason: reason, audit: audit, db))
    }

    /// Tasks reassigned by hand to someone since retired go to Unassigned, saying so.
    static func unassignFromRetired(roster: Roster, at now: Date, reason: String, audit: AuditTrail,
                                    _ db: any SQLConnection) throws -> [TaskReroute] {
        let retired = roster.providers.values.filter { !$0.active }.map(\.npi)
        guard !retired.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: retired.count).joined(separator: ", ")
        let tasks = try db.fetchAll("""
            SELECT * FROM tasks WHERE status <> 'closed' AND manually_reassigned = 1
                AND assigned_npi IN (\(placeholders))
            ORDER BY id
            """) { for npi in retired { $0.add(npi) } }.map(TaskRecord.init)
        return try tasks.compactMap { task in
            let name = task.assignedNPI.flatMap { roster.providers[$0]?.name } ?? "?"
            let decision = RoutingDecision(
                assignedNPI: nil, orderingNPI: task.orderingNPI, coveringForNPI: nil,
                explanation: "Unassigned: reassigned to \(name) (NPI \(task.assignedNPI ?? "?")), who is retired from the roster")
            return try move(task, to: decision, at: now, user: "carequeue", action: auditAction, reason: reason,
                            audit: audit, db)
        }
    }
}
