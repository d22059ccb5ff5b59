import CareQueueCore
import Foundation
import GRDB

extension CareQueueDatabase {
    /// Claims task `id` for `user` from `now` for `duration`, and drops claims that lapsed. Acting
    /// replaces any claim on it; viewing leaves another user's live claim as it is (a look does not
    /// take a task from whoever works on it). Not audited: a claim is a soft lock, not a clinical
    /// action. A task that does not exist is not claimed.
    public func claim(task id: Int64, by user: String, at now: Date, for duration: TimeInterval,
                      purpose: ClaimPurpose = .acting) throws {
        let now = StoreTime.truncated(now)
        try write { db in
            try TaskClaimRows.dropLapsed(at: now, db)
            guard try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM tasks WHERE id = ?"), arguments: [id]) == true
            else { return }
            try db.cachedStatement(sql: """
                INSERT INTO task_claims (task_id, claimed_by, claimed_at, claimed_until) VALUES (?, ?, ?, ?)
                ON CONFLICT (task_id) DO UPDATE SET claimed_by = excluded.claimed_by,
                    claimed_at = excluded.claimed_at, claimed_until = excluded.claimed_until
                WHERE ? OR task_claims.claimed_by = excluded.claimed_by
                """).execute(arguments: [id, user, StoreTime.text(now),
                                         StoreTime.text(now.addingTimeInterval(max(1, duration.rounded(.up)))),
                                         purpose == .acting])
        }
    }

    /// Claims that have not lapsed at `now`, by task.
    public func activeClaims(at now: Date) throws -> [Int64: TaskClaim] {
        try read { db in try TaskClaimRows.all(db) }.filter { $0.value.isActive(at: now) }
    }
}

/// The `task_claims` rows.
enum TaskClaimRows {
    /// Every stored claim, lapsed ones included (few: each claim written drops the lapsed).
    static func all(_ db: Database) throws -> [Int64: TaskClaim] {
        var claims: [Int64: TaskClaim] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT task_id, claimed_by, claimed_at, claimed_until FROM task_claims
            """))
        while let row = try rows.next() {
            guard let at = StoreTime.date(row[2]), let until = StoreTime.date(row[3]) else { continue }
            claims[row[0]] = TaskClaim(by: row[1], at: at, until: until)
        }
        return claims
    }

    static func release(_ taskID: Int64, _ db: any SQLConnection) throws {
        try db.execute("DELETE FROM task_claims WHERE task_id = ?") { $0.add(taskID) }
    }

    static func release(_ taskID: Int64, _ db: Database) throws { try release(taskID, SQLiteConnection(db)) }

    static func dropLapsed(at now: Date, _ db: Database) throws {
        try db.cachedStatement(sql: "DELETE FROM task_claims WHERE claimed_until <= ?").execute(arguments: [StoreTime.text(now)])
    }
}
