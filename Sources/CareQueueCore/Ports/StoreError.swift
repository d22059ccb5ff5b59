import Foundation

/// Why the store could not do what was asked, in words a user can act on. Never holds patient data.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A command that only reads (or must not create) found no database file.
    case noDatabase(path: String)
    /// The PostgreSQL database exists (its DBA made it) but holds no CareQueue store yet.
    case emptyDatabase(path: String)
    /// Another process held the database longer than the busy timeout.
    case locked(path: String)
    case diskFull(path: String)
    /// The file is not SQLite, or an SQLite database CareQueue did not make.
    case notCareQueueDatabase(path: String)
    /// A newer CareQueue migrated this database.
    case newerSchema(path: String)
    /// The database needs migrating, which a read-only open cannot do.
    case olderSchema(path: String)
    case permissionDenied(path: String)
    /// `PRAGMA synchronous` did not read back the level asked for.
    case synchronousNotApplied(path: String, expected: Int, actual: Int)
    /// `[store] group` names no group on this host.
    case unknownGroup(String)
    /// `[audit] key_file` is unusable, or does not fit the chain this database holds.
    case auditKey(String)
    /// The audit anchor beside the database cannot be read, written or trusted.
    case auditAnchor(String)
    /// A row broke a constraint (SQLite's message names the constraint, never the values).
    case constraint(String)
    /// Any other SQLite failure.
    case sqlite(code: Int32, message: String)
    /// The PostgreSQL server could not be reached, or refused the login (`location` has no password).
    case unreachable(location: String, reason: String)
    /// Any other PostgreSQL failure, by its SQLSTATE.
    case postgres(sqlState: String, message: String)
    /// What was asked belongs to the other engine: SQLite's own machinery on a PostgreSQL store,
    /// `pg_dump` on a SQLite one. A caller's mistake, never the data's.
    case otherEngine(String)

    public var description: String {
        switch self {
        case .noDatabase(let path):
            return "no database at \(path) — run `carequeue listen` or an import first"
        case .emptyDatabase(let path):
            return "no CareQueue store in \(path) yet — run `carequeue listen` or an import first"
        case .locked(let path):
            return "the database at \(path) is locked by another process; try again"
        case .diskFull(let path):
            return "the disk holding \(path) is full"
        case .notCareQueueDatabase(let path):
            return "\(path) is not a CareQueue database"
        case .newerSchema(let path):
            return "\(path) was written by a newer CareQueue; upgrade carequeue to use it"
        case .olderSchema(let path):
            return "\(path) uses an older schema; run a command that writes (e.g. `carequeue listen`) to upgrade it"
        case .permissionDenied(let path):
            return "permission denied for \(path)"
        case .synchronousNotApplied(let path, let expected, let actual):
            return "\(path): PRAGMA synchronous reads back \(actual), expected \(expected)"
        case .unknownGroup(let name):
            return "[store] group \"\(name)\" is not a group on this host"
        case .auditKey(let message), .auditAnchor(let message):
            return message
        case .constraint(let message):
            return "the database refused the change: \(message)"
        case .sqlite(let code, let message):
            return "database error \(code): \(message)"
        case .unreachable(let location, let reason):
            return "cannot use the database at \(location): \(reason)"
        case .otherEngine(let what):
            return "\(what) belongs to the other store engine and cannot run on this one"
        case .postgres(let sqlState, let message):
            return sqlState.isEmpty ? "database error: \(message)" : "database error \(sqlState): \(message)"
        }
    }
}

/// Why one submitted item was not stored; the listener answers it with AR/CR and ERR 207.
public enum StoreFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// The item's transaction did not commit; nothing of it was written.
    case database(StoreError)
    /// The writer was closed before the item was submitted.
    case writerClosed

    public var description: String {
        switch self {
        case .database(let error): return error.description
        case .writerClosed: return "the store writer is closed"
        }
    }
}
