import CareQueueCore
import Foundation

extension CareQueueDatabase {
    /// Messages received at or after `since`, counted by the ACK code they got (`AA`, `AE`, …):
    /// one range of the `messages_received` index, however many messages the store holds.
    public func messageCounts(since: Date) throws -> [String: Int] {
        try engine.read { db in
            let rows = try db.fetchAll("""
                SELECT ack_code, COUNT(*) AS n FROM messages WHERE received_at >= ? GROUP BY ack_code
                """) { $0.add(StoreTime.text(since)) }
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["ack_code"] as String, $0["n"] as Int) })
        }
    }

    /// When the newest stored message arrived; nil when none did.
    public func lastMessageReceivedAt() throws -> Date? {
        try engine.read { db in
            try db.value(String.self, "SELECT MAX(received_at) FROM messages").flatMap(StoreTime.date)
        }
    }

    /// The bytes the database takes on disk: the SQLite file and its write-ahead log, or the
    /// PostgreSQL database as its server counts it (0 when it cannot be read).
    public var bytesOnDisk: Int64 {
        guard dialect == .sqlite else {
            return (try? engine.read { db in try db.value(Int64.self, "SELECT pg_database_size(current_database())") }) ?? 0
        }
        return [path, path + "-wal"].reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber
            return total + (size?.int64Value ?? 0)
        }
    }
}
