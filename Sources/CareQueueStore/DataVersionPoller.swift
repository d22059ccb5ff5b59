import CareQueueCore
import Foundation
import GRDB
import Synchronization

/// Tells a dashboard when anyone (this process or another) committed, by polling `PRAGMA data_version`
/// on one dedicated read-only connection. Cheap enough for every 100–250 ms.
public final class DataVersionPoller: Sendable {
    private let connection: DatabaseQueue
    private let path: String
    private let lastSeen = Mutex<Int?>(nil)

    /// Opens its own connection to the existing database behind `database`.
    public convenience init(database: CareQueueDatabase) throws {
        try self.init(path: database.path)
    }

    /// Opens its own read-only connection to the existing database at `path`.
    public init(path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.noDatabase(path: path) }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "CareQueue.data-version"
        self.path = path
        do {
            connection = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw StoreError.from(error, path: path)
        }
    }

    /// True when a commit happened since the previous call (the first call says true).
    public func changed() throws -> Bool {
        let version: Int
        do {
            // data_version is per connection: only this one connection may ever be asked.
            version = try connection.inDatabase { db in
                try Int.fetchOne(db.cachedStatement(sql: "PRAGMA data_version")) ?? 0
            }
        } catch {
            throw StoreError.from(error, path: path)
        }
        return lastSeen.withLock { last in
            defer { last = version }
            return last != version
        }
    }
}
