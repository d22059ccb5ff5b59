import CareQueueCore
import Foundation

/// Which store a command opens, and what chose it: `--db` (a path or a `postgresql://` URL) wins;
/// else `$CAREQUEUE_DB` (either too); else `[store] url`; else the SQLite file in the data
/// directory, as before PostgreSQL existed. Pure over the environment it is given.
public struct StoreSelection: Sendable, Equatable {
    public enum Origin: String, Sendable, Equatable {
        case option = "--db"
        case environment = "$CAREQUEUE_DB"
        case configuration = "[store] url"
        case defaultPath = "default path"
    }

    public var location: StoreLocation
    public var origin: Origin

    public init(location: StoreLocation, origin: Origin) {
        self.location = location
        self.origin = origin
    }

    /// A URL that cannot be read is refused naming where it came from ("--db: …"); a bad
    /// `[store] url` never gets here (loading the configuration refuses it at its line).
    public static func resolve(db: String?, config: CareQueueConfig,
                               environment: [String: String]) throws(CommandFailure) -> StoreSelection {
        if let db { return StoreSelection(location: try parse(db, origin: .option), origin: .option) }
        if let fromEnvironment = environment["CAREQUEUE_DB"], !fromEnvironment.isEmpty {
            return StoreSelection(location: try parse(fromEnvironment, origin: .environment), origin: .environment)
        }
        if let url = config.store.url { return StoreSelection(location: .postgres(url), origin: .configuration) }
        return StoreSelection(location: .sqlite(path: DefaultPaths.sqliteDatabase(environment: environment)), origin: .defaultPath)
    }

    private static func parse(_ text: String, origin: Origin) throws(CommandFailure) -> StoreLocation {
        do {
            return try StoreLocation.parse(text)
        } catch {
            throw CommandFailure("\(origin.rawValue): \(error.message)")
        }
    }
}
