import ArgumentParser
import CareQueueApp
import CareQueueCore
import Foundation

/// `carequeue config …`
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Check the configuration file.",
        subcommands: [ConfigCheckCommand.self])
}

/// `carequeue config check [FILE] [--show]`
struct ConfigCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration file; print every problem as FILE:LINE: message (exit 1 if any).",
        discussion: """
            Reports every problem at once: syntax, unknown sections and keys, bad values, settings \
            that contradict each other, and files it names (TLS, audit key) this account cannot \
            read. Then the store commands would open (--db, else $CAREQUEUE_DB, else [store] url, \
            else the default SQLite file), without connecting: for PostgreSQL its URL without \
            parameters, sslmode, and where the password would come from. --show prints the \
            configuration in effect, every section and key with the defaults filled in, in the \
            file's own syntax.
            """)

    @Argument(help: ArgumentHelp("The configuration file (default: $XDG_CONFIG_HOME/carequeue/config.toml, else ~/.config/carequeue/config.toml).",
                                 valueName: "file"))
    var file: String?

    @Flag(help: "Print the effective configuration (defaults filled in) on stdout.")
    var show = false

    @Option(help: ArgumentHelp("Check the store this --db would select (a path or a postgresql:// URL) instead of $CAREQUEUE_DB's or [store] url's.",
                               valueName: "path-or-url"))
    var db: String?

    func run() async throws {
        let report = ConfigCheck.run(path: file)
        // Which store commands would open, told without connecting; a bad --db or $CAREQUEUE_DB URL is one more problem.
        var storeLines: [String] = [], storeProblem: String? = nil
        do {
            storeLines = try StoreSummary.lines(db: db, config: report.config, environment: ProcessInfo.processInfo.environment)
        } catch {
            storeProblem = error.description
        }
        if show {
            let source = report.exists ? report.file : "no file (\(report.file) does not exist)"
            print("# effective configuration: \(source), defaults filled in")
            for line in storeLines { print("# \(line)") }
            print(report.config.effectiveText(), terminator: "")
        }
        guard report.problems.isEmpty, storeProblem == nil else {
            let count = report.problems.count + (storeProblem == nil ? 0 : 1)
            let lines = report.problems.map(\.description) + [storeProblem].compactMap { $0 }
                + ["\(report.file): \(count) problem\(count == 1 ? "" : "s")"]
            FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            throw ExitCode.failure
        }
        if !show {
            print(report.exists ? "\(report.file): ok" : "\(report.file) does not exist: the defaults apply")
            for line in storeLines { print(line) }
        }
    }
}
