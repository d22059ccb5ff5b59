import CareQueueCore
import CareQueueStore
import Foundation
import Logging

/// Opening the store and running store calls with errors turned into one-line failures.
public enum StoreAccess {
    /// Opens the store `location` names: a SQLite file or a PostgreSQL database. Read-only opens
    /// need no audit key; writing ones load and check it.
    public static func open(_ location: StoreLocation, access: CareQueueDatabase.Access,
                            config: CareQueueConfig) throws -> CareQueueDatabase {
        switch location {
        case .sqlite(let path): return try open(path, access: access, config: config)
        case .postgres(let postgres): return try open(postgres, access: access, config: config)
        }
    }

    /// Opens the SQLite file at `path`.
    public static func open(_ path: String, access: CareQueueDatabase.Access, config: CareQueueConfig) throws -> CareQueueDatabase {
        try run {
            guard access == .readOnly else { return try CareQueueDatabase(path: path, access: access, config: config) }
            let database = try CareQueueDatabase(path: path, access: access, store: config.store)
            database.adoptRules(of: config)
            return database
        }
    }

    /// Opens the PostgreSQL database at `location`, with the password `[store] password_file`,
    /// `$PGPASSFILE` or `~/.pgpass` gives; this host's audit anchors live in `postgresStateDirectory`.
    public static func open(_ location: PostgresLocation, access: CareQueueDatabase.Access,
                            config: CareQueueConfig) throws -> CareQueueDatabase {
        try run { try openKeepingErrors(location, access: access, config: config) }
    }

    /// Opens (migrating) a PostgreSQL database that must hold no CareQueue store yet, for a bench
    /// whose checks count every row in it; one that holds a store is refused, naming `who`.
    public static func openEmpty(_ location: PostgresLocation, config: CareQueueConfig, for who: String) throws -> CareQueueDatabase {
        let holdsStore: Bool
        do {
            _ = try openKeepingErrors(location, access: .readOnly, config: config)
            holdsStore = true
        } catch StoreError.emptyDatabase {
            holdsStore = false
        } catch StoreError.olderSchema {
            holdsStore = true
        } catch {
            throw commandFailure(error)
        }
        if holdsStore {
            throw CommandFailure("\(location.redacted) holds a CareQueue store already: \(who) needs an empty database")
        }
        return try open(location, access: .create, config: config)
    }

    /// `open`, its store errors left as they are for callers that tell them apart.
    public static func openKeepingErrors(_ location: PostgresLocation, access: CareQueueDatabase.Access,
                                  config: CareQueueConfig) throws -> CareQueueDatabase {
        let settings = try postgresSettings(location, config: config)
        let anchors = try postgresStateDirectory()
        guard access == .readOnly else {
            return try CareQueueDatabase(postgres: settings, access: access, config: config, anchorDirectory: anchors)
        }
        let database = try CareQueueDatabase(postgres: settings, access: access, anchorDirectory: anchors)
        database.adoptRules(of: config)
        return database
    }

    /// The location and its password; a password file's warning (readable by others) is logged.
    public static func postgresSettings(_ location: PostgresLocation, config: CareQueueConfig,
                                        environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> PostgresSettings {
        let password: PostgresPassword
        do {
            password = try PostgresPassword.lookUp(for: location, config: config, environment: environment)
        } catch {
            throw CommandFailure("\(location.redacted): \(error.message)")
        }
        for warning in password.warnings { Logger(label: "carequeue.store").warning("\(warning)") }
        return PostgresSettings(location: location, password: password.password)
    }

    /// Where this host keeps what belongs to it rather than to a shared PostgreSQL database (the
    /// audit anchors, the listener's lock): `<data directory>/postgres`, private to the account.
    public static func postgresStateDirectory(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> String {
        let directory = DefaultPaths.dataDirectory(environment: environment) + "/postgres"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw CommandFailure("cannot create \(directory): \(error.localizedDescription)")
        }
        return directory
    }

    /// Where this host keeps the files that go with `store` — the listener's lock, the dashboard's
    /// log — as a path to add a suffix to: the SQLite file's own path, or for PostgreSQL a name for
    /// the database in `postgresStateDirectory`.
    public static func localBase(_ store: StoreLocation) throws -> String {
        switch store {
        case .sqlite(let path): return path
        case .postgres(let location): return location.localPath(in: try postgresStateDirectory())
        }
    }

    public static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw commandFailure(error)
        }
    }

    /// `error` as a command reports it: a `CommandFailure` as it is, any other in its own words.
    static func commandFailure(_ error: any Error) -> CommandFailure {
        error as? CommandFailure ?? CommandFailure("\(error)")
    }
}
