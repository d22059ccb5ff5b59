import CareQueueApp
import ArgumentParser
import CareQueueCore
import CareQueueStore
import Foundation

/// Opening the store with the whole configuration (audit key, windows) for the lifecycle commands.
enum ConfiguredStore {
    /// For commands that append audit rows: the database must exist; the audit key is loaded and
    /// checked against the chain the database holds.
    static func openForWriting(_ common: CommonOptions) throws -> (CareQueueConfig, CareQueueDatabase) {
        let config = try common.loadConfiguration()
        let database = try StoreAccess.open(common.storeLocation, access: .existing, config: config)
        // The command line offers no undo: what it does is written back to the EHR at once.
        database.holdOutbox(for: 0)
        return (config, database)
    }

    /// For commands that only read: never creates or migrates, needs no key.
    static func openForReading(_ common: CommonOptions) throws -> (CareQueueConfig, CareQueueDatabase) {
        let config = try common.loadConfiguration()
        return (config, try StoreAccess.open(common.storeLocation, access: .readOnly, config: config))
    }
}

/// `--user NAME`, defaulting to `$USER`: the label the audit trail records beside the process's
/// operating-system account (`os_user`), which it records whatever the label says.
struct ActorOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A label for who acts, recorded in the audit trail beside your operating-system account (default: $USER).", valueName: "name"))
    var user: String?

    func validate() throws {
        if let user, let problem = UserLabel.problem(user) { throw ValidationError(problem) }
    }

    /// The acting user's label: `--user`, else `$USER`, else the account this process runs as.
    func name() throws -> String {
        if let user { return user.trimmingCharacters(in: .whitespaces) }
        let fromEnvironment = ProcessInfo.processInfo.environment["USER"].map { $0.trimmingCharacters(in: .whitespaces) }
        if let fromEnvironment, UserLabel.problem(fromEnvironment) == nil { return fromEnvironment }
        // Services and containers often run without $USER; the account is still who acted.
        return ProcessAccount.current
    }
}

/// `--as-of` (and `report`'s `--from`/`--to`), read as DESIGN.md says: ISO 8601, local time when
/// it has no offset, a bare date is local midnight.
enum AsOf {
    static func parse(_ text: String?) throws -> Date {
        try parseIfGiven(text) ?? Date()
    }

    /// nil when not given; a usage error naming `option` when not a time.
    static func parseIfGiven(_ text: String?, option: String = "--as-of") throws -> Date? {
        guard let text else { return nil }
        guard let instant = ISO8601Input.parse(text, timeZone: .current) else {
            throw ValidationError("\(option) '\(text)' is not an ISO 8601 time such as 2026-03-01T08:00, 2026-03-01T08:00:00Z or 2026-03-01")
        }
        return instant
    }
}
