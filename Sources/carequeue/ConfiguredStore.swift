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
        return (config, try StoreAccess.open(common.databasePath, access: .existing, config: config))
    }

    /// For commands that only read: never creates or migrates, needs no key.
    static func openForReading(_ common: CommonOptions) throws -> (CareQueueConfig, CareQueueDatabase) {
        let config = try common.loadConfiguration()
        return (config, try StoreAccess.open(common.databasePath, access: .readOnly, config: config))
    }
}

/// `--user NAME`, defaulting to `$USER`: who the audit trail says acted.
struct ActorOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Who acts, for the audit trail (default: $USER).", valueName: "name"))
    var user: String?

    /// The acting user's name: `--user`, else `$USER`, else the login name of this process's user.
    func name() throws -> String {
        let candidates = [user, ProcessInfo.processInfo.environment["USER"], Self.loginName()]
        let name = candidates.lazy.compactMap { $0?.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
        guard let name else { throw CommandFailure("no user name: pass --user NAME (or set $USER)") }
        return name
    }

    // Services and containers often run without $USER; the account name is still who acted.
    private static func loginName() -> String? {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }
}

/// `--as-of`, read as DESIGN.md says: ISO 8601, local time when it has no offset.
enum AsOf {
    static func parse(_ text: String?) throws -> Date {
        guard let text else { return Date() }
        guard let instant = ISO8601Input.parse(text, timeZone: .current) else {
            throw ValidationError("--as-of '\(text)' is not an ISO 8601 time such as 2026-03-01T08:00, 2026-03-01T08:00:00Z or 2026-03-01")
        }
        return instant
    }
}
