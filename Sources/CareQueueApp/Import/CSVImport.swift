import CareQueueCore
import CareQueueStore
import Foundation

/// The flow both imports share: read the file, open the store, check every row against the roster
/// and import all of them, or name each bad row and import none.
public enum CSVImport {
    public static func run<Parsed>(config: CareQueueConfig, databasePath: String, file: String,
                         parse: (_ text: String, _ roster: [Provider]) throws(FileLineErrors) -> Parsed,
                         save: (CareQueueDatabase, Parsed) throws -> Void) throws {
        let text = try ImportFile.read(file)
        let database = try StoreAccess.open(databasePath, access: .create, config: config)
        let roster = try StoreAccess.run { try database.providers() }
        let parsed: Parsed
        do {
            parsed = try parse(text, roster)
        } catch {
            throw CommandFailure(error.description)
        }
        try StoreAccess.run { try save(database, parsed) }
    }
}
