import CareQueueCore
import Foundation

extension CareQueueDatabase {
    /// Results received and tasks closed in each of the `hours` hours before `now`, oldest first
    /// (the last entry is the hour ending at `now`). Each is a range of its time index.
    public func boardTrend(at now: Date, hours: Int) throws -> (received: [Int], closed: [Int]) {
        guard hours > 0 else { return ([], []) }
        let now = StoreTime.truncated(now)
        let sinceText = StoreTime.text(now.addingTimeInterval(-Double(hours) * 3600))
        return try engine.read { db in
            (try Self.perHour(column: "received_at", index: "tasks_received", since: sinceText, now: now, hours: hours, db),
             try Self.perHour(column: "closed_at", index: "tasks_closed_at", since: sinceText, now: now, hours: hours, db))
        }
    }

    /// Counts of `column` in (since, now], by whole hours before `now`.
    private static func perHour(column: String, index: String, since: String, now: Date, hours: Int,
                                _ db: any SQLConnection) throws -> [Int] {
        var counts = Array(repeating: 0, count: hours)
        let rows = try db.fetchAll("""
            SELECT (CAST(? AS BIGINT) - \(db.dialect.epochSeconds(column))) / 3600 AS ago, COUNT(*)
            FROM tasks \(db.dialect.indexedBy(index)) WHERE \(column) > ? AND \(column) <= ? GROUP BY ago
            """) {
            $0.add(Int64(now.timeIntervalSince1970))
            $0.add(since)
            $0.add(StoreTime.text(now))
        }
        for row in rows {
            let ago: Int = row[0]
            if ago >= 0, ago < hours { counts[hours - 1 - ago] += row[1] as Int }
        }
        return counts
    }
}
