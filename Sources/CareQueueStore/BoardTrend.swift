import CareQueueCore
import Foundation
import GRDB

extension CareQueueDatabase {
    /// Results received and tasks closed in each of the `hours` hours before `now`, oldest first
    /// (the last entry is the hour ending at `now`). Each is a range of its time index.
    public func boardTrend(at now: Date, hours: Int) throws -> (received: [Int], closed: [Int]) {
        guard hours > 0 else { return ([], []) }
        let nowText = StoreTime.text(now)
        let sinceText = StoreTime.text(now.addingTimeInterval(-Double(hours) * 3600))
        return try read { db in
            (try Self.perHour(column: "received_at", index: "tasks_received", since: sinceText, now: nowText, hours: hours, db),
             try Self.perHour(column: "closed_at", index: "tasks_closed_at", since: sinceText, now: nowText, hours: hours, db))
        }
    }

    /// Of the critical results received in [`from`, `now`], those whose clock stopped (a first
    /// action) within `window` of arrival, and those decided: stopped, or past the window. A range
    /// of `tasks_received`.
    public func criticalAcknowledgedInTime(from: Date, now: Date, window: TimeInterval) throws -> (within: Int, decided: Int) {
        try read { db in
            let row = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT COALESCE(SUM(stopped IS NOT NULL AND stopped - arrived < ?3), 0),
                    COALESCE(SUM(stopped IS NOT NULL OR CAST(strftime('%s', ?2) AS INTEGER) - arrived >= ?3), 0)
                FROM (SELECT CAST(strftime('%s', received_at) AS INTEGER) AS arrived,
                          CAST(strftime('%s', clock_stopped_at) AS INTEGER) AS stopped
                      FROM tasks INDEXED BY tasks_received
                      WHERE received_at >= ?1 AND received_at <= ?2 AND urgency = 'critical')
                """), arguments: [StoreTime.text(from), StoreTime.text(now), Int(window)])
            return (row?[0] ?? 0, row?[1] ?? 0)
        }
    }

    /// Counts of `column` in (since, now], by whole hours before `now`.
    private static func perHour(column: String, index: String, since: String, now: String, hours: Int,
                                _ db: Database) throws -> [Int] {
        var counts = Array(repeating: 0, count: hours)
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT (CAST(strftime('%s', ?1) AS INTEGER) - CAST(strftime('%s', \(column)) AS INTEGER)) / 3600 AS ago, COUNT(*)
            FROM tasks INDEXED BY \(index) WHERE \(column) > ?2 AND \(column) <= ?1 GROUP BY ago
            """), arguments: [now, since])
        for row in rows {
            let ago: Int = row[0]
            if ago >= 0, ago < hours { counts[hours - 1 - ago] += row[1] }
        }
        return counts
    }
}
