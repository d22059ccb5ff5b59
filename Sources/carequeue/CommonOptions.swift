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

/// The default database location, per the command-line contract (the config default lives in
/// `CareQueueConfig.defaultPath`).
enum DefaultPaths {
    static func database(environment: [String: String]) -> String {
        if let explicit = environment["CAREQUEUE_DB"], !explicit.isEmpty { return explicit }
        return dataDirectory(environment: environment) + "/carequeue.sqlite"
    }

    static func dataDirectory(environment: [String: String]) -> String {
        // The XDG spec says to ignore a relative XDG_DATA_HOME.
        if let xdg = environment["XDG_DATA_HOME"], xdg.hasPrefix("/") { return xdg + "/carequeue" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/share/carequeue"
    }
}

/// A failure the user can act on: printed as one line on stderr, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
