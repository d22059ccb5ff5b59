import CareQueueCore
import Foundation
import GRDB

extension CareQueueDatabase {
    /// Messages received at or after `since`, counted by the ACK code they got (`AA`, `AE`, …):
    /// one range of the `messages_received` index, however many messages the store holds.
    public func messageCounts(since: Date) throws -> [String: Int] {
        try read { db in
            let rows = try Row.fetchAll(db.cachedStatement(sql: """
                SELECT ack_code, COUNT(*) AS n FROM messages WHERE received_at >= ? GROUP BY ack_code
                """), arguments: [StoreTime.text(since)])
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["ack_code"] as String, $0["n"] as Int) })
        }
    }

    /// When the newest stored message arrived; nil when none did.
    public func lastMessageReceivedAt() throws -> Date? {
        try read { db in
            try String.fetchOne(db.cachedStatement(sql: "SELECT MAX(received_at) FROM messages")).flatMap(StoreTime.date)
        }
    }

    /// The bytes the database takes on disk: the file and its write-ahead log.
    public var bytesOnDisk: Int64 {
        [path, path + "-wal"].reduce(0) { total, file in
            let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber
            return total + (size?.int64Value ?? 0)
        }
    }
}
