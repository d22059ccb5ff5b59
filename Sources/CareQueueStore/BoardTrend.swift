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
