import CareQueueCore
import CareQueueStore
import Foundation

/// The flow both imports share: read the file, open the store, check every row against the roster
/// and import all of them, or name each bad row and import none.
public enum CSVImport {
    public static func run<Parsed>(config: CareQueueConfig, store: StoreLocation, file: String,
                         parse: (_ text: String, _ roster: [Provider]) throws(FileLineErrors) -> Parsed,
                         save: (CareQueueDatabase, Parsed) throws -> Void) throws {
        let text = try ImportFile.read(file)
        func checked(against roster: [Provider]) throws -> Parsed {
            do {
                return try parse(text, roster)
            } catch {
                throw CommandFailure(error.description)
            }
        }
        // A new SQLite file's roster is empty: the rows are checked against it before the file is
        // made, so a bad file leaves no empty database behind.
        if case .sqlite(let path) = store, !FileManager.default.fileExists(atPath: path) { _ = try checked(against: []) }
        let database = try StoreAccess.open(store, access: .create, config: config)
        let parsed = try checked(against: try StoreAccess.run { try database.providers() })
        try StoreAccess.run { try save(database, parsed) }
    }
}
