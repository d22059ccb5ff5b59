import ArgumentParser
import CareQueueCore
import Foundation

/// `--db` and `--config`, which every command accepts after its own name.
struct CommonOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("SQLite database.", discussion: "Default: $CAREQUEUE_DB, else $XDG_DATA_HOME/carequeue/carequeue.sqlite, else ~/.local/share/carequeue/carequeue.sqlite.", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("Configuration file (TOML subset).", discussion: "Default: $XDG_CONFIG_HOME/carequeue/config.toml, else ~/.config/carequeue/config.toml; a missing default file is fine.", valueName: "path"))
    var config: String?

    /// The database path from `--db`, the environment, or the XDG default.
    var databasePath: String {
        if let db { return db }
        return DefaultPaths.database(environment: ProcessInfo.processInfo.environment)
    }
}

/// Default locations, per the command-line contract.
enum DefaultPaths {
    static func database(environment: [String: String]) -> String {
        if let explicit = environment["CAREQUEUE_DB"], !explicit.isEmpty { return explicit }
        return dataDirectory(environment: environment) + "/carequeue.sqlite"
    }

    static func dataDirectory(environment: [String: String]) -> String {
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty { return xdg + "/carequeue" }
        return home(environment) + "/.local/share/carequeue"
    }

    static func config(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/carequeue/config.toml" }
        return home(environment) + "/.config/carequeue/config.toml"
    }

    private static func home(_ environment: [String: String]) -> String {
        environment["HOME"] ?? FileManager.default.homeDirectoryForCurrentUser.path
    }
}

/// A failure the user can act on: printed as one line on stderr, exit status 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
