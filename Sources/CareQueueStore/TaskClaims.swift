import CareQueueCore
import Foundation

extension CareQueueDatabase {
    /// Claims task `id` for `user` from `now` for `duration`, and drops claims that lapsed. Acting
    /// replaces any claim on it; viewing leaves another user's live claim as it is (a look does not
    /// take a task from whoever works on it). Not audited: a claim is a soft lock, not a clinical
    /// action. A task that does not exist is not claimed.
    ///
    /// One row per task (its key), written by one upsert whose condition is checked against the row
    /// as stored: two hosts claiming at once never both hold it, and a look never takes it.
    public func claim(task id: Int64, by user: String, at now: Date, for duration: TimeInterval,
                      purpose: ClaimPurpose = .acting) throws {
        let now = StoreTime.truncated(now)
        try engine.write { db in
            try TaskClaimRows.dropLapsed(at: now, db)
            guard try db.value(Int64.self, "SELECT 1 FROM tasks WHERE id = ?", { $0.add(id) }) != nil else { return }
            try db.execute("""
                INSERT INTO task_claims (task_id, claimed_by, claimed_at, claimed_until) VALUES (?, ?, ?, ?)
                ON CONFLICT (task_id) DO UPDATE SET claimed_by = excluded.claimed_by,
                    claimed_at = excluded.claimed_at, claimed_until = excluded.claimed_until
                WHERE CAST(? AS BIGINT) = 1 OR task_claims.claimed_by = excluded.claimed_by
                """) {
                $0.add(id)
                $0.add(user)
                $0.add(now)
                $0.add(now.addingTimeInterval(max(1, duration.rounded(.up))))
                $0.add(purpose == .acting)
            }
        }
    }

    /// Claims that have not lapsed at `now`, by task.
    public func activeClaims(at now: Date) throws -> [Int64: TaskClaim] {
        try engine.read { db in try TaskClaimRows.all(db) }.filter { $0.value.isActive(at: now) }
    }
}

/// The `task_claims` rows.
enum TaskClaimRows {
    /// Every stored claim, lapsed ones included (few: each claim written drops the lapsed).
    static func all(_ db: any SQLConnection) throws -> [Int64: TaskClaim] {
        var claims: [Int64: TaskClaim] = [:]
        for row in try db.fetchAll("SELECT task_id, claimed_by, claimed_at, claimed_until FROM task_claims") {
            guard let at = StoreTime.date(row[2]), let until = StoreTime.date(row[3]) else { continue }
            claims[row[0]] = TaskClaim(by: row[1], at: at, until: until)
        }
        return claims
    }

    static func release(_ taskID: Int64, _ db: any SQLConnection) throws {
        try db.execute("DELETE FROM task_claims WHERE task_id = ?") { $0.add(taskID) }
    }

    static func dropLapsed(at now: Date, _ db: any SQLConnection) throws {
        try db.execute("DELETE FROM task_claims WHERE claimed_until <= ?") { $0.add(now) }
    }
}
