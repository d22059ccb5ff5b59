import CareQueueCore
import Foundation

/// Why `tasks reroute` or `coverage end` changed nothing; `description` is the line the user sees.
public enum RoutingChangeError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownTask(Int64)
    case closed(Int64)
    /// Re-routing never undoes a person's reassignment.
    case reassignedByHand(Int64, to: String?)
    case noCoverage(providerNPI: String, at: Date)

    public var description: String {
        switch self {
        case .unknownTask(let id): return "no task with id \(id)"
        case .closed(let id): return "task \(id) is closed; reopen it first"
        case .reassignedByHand(let id, let npi):
            return "task \(id) was reassigned by hand\(npi.map { " to NPI \($0)" } ?? ""); re-routing never undoes that (use tasks reassign)"
        case .noCoverage(let npi, let at):
            return "NPI \(npi) has no coverage in force at \(StoreTime.text(at)) (see coverage list)"
        }
    }
}

extension CareQueueDatabase {
    /// Routes open task `id` again by today's roster and coverage, audited as `user`.
    ///
    /// Returns the route it now has and whether that moved it; a task whose message named no
    /// valid NPI keeps its explanation (there is nothing new to route by).
    public func rerouteTask(_ id: Int64, by user: String, at now: Date) throws -> (moved: Bool, route: TaskReroute) {
        let now = StoreTime.truncated(now)
        // The refusal is returned out of the transaction, not thrown: the store maps what a write throws.
        return try writeAudited { db, audit -> Result<(moved: Bool, route: TaskReroute), RoutingChangeError> in
            guard let task = try db.fetchOne("SELECT * FROM tasks WHERE id = ?", { $0.add(id) }).map(TaskRecord.init) else {
                return .failure(.unknownTask(id))
            }
            guard task.status != "closed" else { return .failure(.closed(id)) }
            guard !task.manuallyReassigned else { return .failure(.reassignedByHand(id, to: task.assignedNPI)) }
            let unchanged = TaskReroute(taskID: id, fromNPI: task.assignedNPI, toNPI: task.assignedNPI,
                                        explanation: task.routingExplanation)
            guard let reference = TaskRerouting.reference(of: task) else { return .success((false, unchanged)) }
            let decision = Router.route(reference, roster: try RosterRows.roster(db), at: now)
            let moved = try TaskRerouting.move(task, to: decision, at: now, user: user, action: TaskRerouting.auditAction,
                                               reason: "tasks reroute", audit: audit, db)
            return .success((moved != nil, moved ?? unchanged))
        }.get()
    }

    /// Ends `providerNPI`'s coverage in force at `end` (and not yet over at `now`) at `end`,
    /// audited as `user`. An end at or before `now` moves the covered tasks back at once; a later
    /// one is left to the sweep. Returns the rows ended and the tasks moved.
    public func endCoverage(providerNPI: String, at end: Date, now: Date,
                            by user: String) throws -> (ended: [Coverage], moves: [TaskReroute]) {
        let end = StoreTime.truncated(end)
        let now = StoreTime.truncated(now)
        return try writeAudited { db, audit -> Result<(ended: [Coverage], moves: [TaskReroute]), RoutingChangeError> in
            let rows = try db.fetchAll("""
                SELECT * FROM coverage WHERE provider_npi = ? AND starts_at < ? AND ends_at > ? AND ends_at > ?
                ORDER BY starts_at, id
                """) {
                $0.add(providerNPI)
                $0.add(end)
                $0.add(end)
                $0.add(now)
            }.map(CoverageRecord.init)
            guard !rows.isEmpty else { return .failure(.noCoverage(providerNPI: providerNPI, at: end)) }
            var ended: [Coverage] = []
            for row in rows {
                // The end boundary is new, so the sweep has not handled it.
                try db.execute("UPDATE coverage SET ends_at = ?, end_applied = 0 WHERE id = ?") {
                    $0.add(end)
                    $0.add(row.id)
                }
                try audit.append(at: now, user: user, action: "coverage.end", taskID: nil, details: [
                    "provider_npi": row.providerNPI, "covering_npi": row.coveringNPI, "starts_at": row.startsAt,
                    "planned_end": row.endsAt, "ends_at": StoreTime.text(end),
                ], db)
                if var coverage = row.coverage {
                    coverage.endsAt = end
                    ended.append(coverage)
                }
            }
            let moves = end <= now ? try CoverageMoves.apply(at: now, audit: audit, db) : []
            return .success((ended, moves))
        }.get()
    }
}
