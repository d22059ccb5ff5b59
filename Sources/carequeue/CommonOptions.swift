import CareQueueApp
import ArgumentParser
import CareQueueApp
import CareQueueCore
import Foundation

/// `--db` and `--config`, which every command accepts after its own name.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("SQLite database.", discussion: "Default: $CAREQUEUE_DB, else $XDG_DATA_HOME/carequeue/carequeue.sqlite, else ~/.local/share/carequeue/carequeue.sqlite.", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Configuration file (TOML subset).", discussion: "Default: $XDG_CONFIG_HOME/carequeue/config.toml, else ~/.config/carequeue/config.toml; a missing default file is fine.", valueName: "path"))
    var config: String?

    /// The configuration from `--config` (must exist) or the default path (may be absent).
    func loadConfiguration() throws -> CareQueueConfig {
        do {
            return try CareQueueConfig.load(path: config, explicit: config != nil)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The database path from `--db`, the environment, or the XDG default.
    var databasePath: String {
        if let db { return db }
        return DefaultPaths.database(environment: ProcessInfo.processInfo.environment)
    }
}
