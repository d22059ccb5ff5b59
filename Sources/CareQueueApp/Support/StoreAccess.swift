import CareQueueCore
import CareQueueStore
import Foundation

/// Opening the store and running store calls with errors turned into one-line failures.
public enum StoreAccess {
    /// Read-only opens need no audit key; writing ones load and check it.
    public static func open(_ path: String, access: CareQueueDatabase.Access, config: CareQueueConfig) throws -> CareQueueDatabase {
        try run {
            guard access == .readOnly else { return try CareQueueDatabase(path: path, access: access, config: config) }
            let database = try CareQueueDatabase(path: path, access: access, store: config.store)
            database.adoptRules(of: config)
            return database
        }
    }

    public static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
