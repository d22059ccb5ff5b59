import ArgumentParser
import CareQueueApp
import CareQueueCore
import Foundation

/// `--db` and `--config`, which every command accepts after its own name.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("SQLite database file, or a postgresql://USER@HOST:PORT/DATABASE URL (no password in it).", discussion: "Default: $CAREQUEUE_DB (a path or a URL), else [store] url, else $XDG_DATA_HOME/carequeue/carequeue.sqlite, else ~/.local/share/carequeue/carequeue.sqlite.", valueName: "path-or-url"))
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

    /// The store `--db`, `$CAREQUEUE_DB` or `config`'s `[store] url` selects, else the default SQLite file.
    func storeSelection(config: CareQueueConfig) throws -> StoreSelection {
        try StoreSelection.resolve(db: db, config: config, environment: ProcessInfo.processInfo.environment)
    }

    /// The store a command opens: a SQLite file or a PostgreSQL database.
    var storeLocation: StoreLocation {
        get throws { try storeSelection(config: try loadConfiguration()).location }
    }

    /// The store as far as it can be told, for a report that must still say something when
    /// `storeLocation` failed (`status`'s unknown state).
    var storeDescription: String {
        (try? storeSelection(config: loadConfiguration()).location.description) ?? db ?? "the default database"
    }
}
