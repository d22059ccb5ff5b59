import CareQueueCore
import Foundation

/// Moves open tasks when coverage starts or ends, inside the sweep's transaction.
///
/// A provider with a coverage boundary not yet handled has its open tasks routed again as of the
/// sweep time, by the same rules as at receipt: to the covering provider while coverage runs, back
/// to the provider when it ends. Tasks a person reassigned stay where they were put.
enum CoverageMoves {
    /// Providers with a coverage start or end at or before `now` that no sweep has handled yet.
    static func pendingProviders(at now: Date, _ db: any SQLConnection) throws -> [String] {
        try db.values(String.self, """
            SELECT DISTINCT provider_npi FROM coverage
            WHERE (start_applied = 0 AND starts_at <= ?) OR (end_applied = 0 AND ends_at <= ?)
            ORDER BY provider_npi
            """) { $0.add(StoreTime.text(now)); $0.add(StoreTime.text(now)) }
    }

    /// Routes the open tasks of every provider with a pending boundary again and marks the boundaries handled.
    static func apply(at now: Date, audit: AuditTrail, _ db: any SQLConnection) throws -> [CoverageMove] {
        let providers = try pendingProviders(at: now, db)
        guard !providers.isEmpty else { return [] }
        let nowText = StoreTime.text(now)
        try db.execute("UPDATE coverage SET start_applied = 1 WHERE start_applied = 0 AND starts_at <= ?") { $0.add(nowText) }
        try db.execute("UPDATE coverage SET end_applied = 1 WHERE end_applied = 0 AND ends_at <= ?") { $0.add(nowText) }
        let roster = try RosterRows.roster(db)
        var moves: [CoverageMove] = []
        for npi in providers {
            let tasks = try db.fetchAll("""
                SELECT * FROM tasks
                WHERE status <> 'closed' AND ordering_npi = ? AND manually_reassigned = 0
                ORDER BY id
                """) { $0.add(npi) }.map(TaskRecord.init)
            for task in tasks {
                let decision = Router.route(TaskRerouting.reference(of: task), roster: roster, at: now)
                // A retired provider's tasks are Unassigned until coverage starts, and again once it ends.
                guard decision.assignedNPI != task.assignedNPI else { continue }
                let why = decision.coveringForNPI == nil ? "coverage ended" : "coverage started"
                if let move = try TaskRerouting.move(task, to: decision, at: now, user: "carequeue", action: "coverage-move",
                                                     reason: why, audit: audit, db) {
                    moves.append(move)
                }
            }
        }
        return moves
    }
}
