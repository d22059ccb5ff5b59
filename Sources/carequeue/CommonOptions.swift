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
        try Self.loadConfiguration(config)
    }

    /// The configuration from `file` (must exist), else the default path (may be absent).
    static func loadConfiguration(_ file: String?) throws -> CareQueueConfig {
        do {
            return try CareQueueConfig.load(path: file, explicit: file != nil)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The configuration file in use, for the listener's second line: "PATH", or "none (defaults; PATH absent)".
    var configurationInUse: String {
        let path = config ?? CareQueueConfig.defaultPath()
        return FileManager.default.fileExists(atPath: path) ? path : "none (defaults; \(path) absent)"
    }

    /// The database path from `--db`, the environment, or the XDG default.
    var databasePath: String {
        if let db { return db }
        return DefaultPaths.database(environment: ProcessInfo.processInfo.environment)
    }
}
