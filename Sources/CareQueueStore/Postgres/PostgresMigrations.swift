import CareQueueCore
import Foundation

/// The PostgreSQL schema's migrations, recorded in `carequeue_migrations` under the same
/// identifiers as SQLite's, so both stores say which schema they hold in the same words.
///
/// One baseline script stands for every SQLite migration up to it (a PostgreSQL store has no older
/// databases to carry forward); each migration after it is one script for each engine.
enum PostgresMigrations {
    /// Scripts after the baseline, in order: (identifier, DDL).
    static let after: [(identifier: String, script: String)] = [
        (Schema.listenerHostsMigration, listenerHosts),
        // After v22, which makes listener_heartbeat anew: a trigger goes with the table it is on.
        PostgresNotifyTriggers.migration,
        AuditSharedCheckpoints.migration,
    ]

    /// Every identifier a current database has applied.
    static var identifiers: [String] { PostgresSchema.baselineIdentifiers + after.map(\.identifier) }

    /// Any advisory lock key works if every CareQueue process uses the same one.
    static let lockKey: Int64 = 0x4361_7265_5175_6575 // "CareQueue"

    /// Checks the database is CareQueue's and current; migrates it when `access` allows.
    ///
    /// Migrating takes an advisory lock in its transaction: two listeners starting together on a
    /// new database run the baseline once, and the second finds it applied.
    static func prepare(_ engine: PostgresEngine, access: CareQueueDatabase.Access, auditChain: AuditChain) throws {
        let applied = try engine.read { connection in try appliedIdentifiers(connection) }
        if try isCurrent(applied, location: engine.location) { return }
        // Like a missing SQLite file: only a command that may create the store makes its schema.
        if applied == nil, access != .create { throw StoreError.emptyDatabase(path: engine.location) }
        guard access != .readOnly else { throw StoreError.olderSchema(path: engine.location) }
        try engine.write { connection in
            try connection.lockForTransaction(lockKey)
            var applied = try appliedIdentifiers(connection)
            if try isCurrent(applied, location: engine.location) { return }
            if applied == nil {
                try requireEmpty(connection, location: engine.location)
                try connection.executeScript(PostgresSchema.baseline)
                try connection.executeScript(DerivationQueue.schema)
                applied = PostgresSchema.baselineIdentifiers
            }
            for migration in after where !(applied ?? []).contains(migration.identifier) {
                try connection.executeScript(migration.script)
                try record([migration.identifier], on: connection)
            }
        }
    }

    /// The applied identifiers; nil when the ledger does not exist.
    static func appliedIdentifiers(_ connection: any SQLConnection) throws -> [String]? {
        let ledger = try connection.value(String.self, "SELECT to_regclass('carequeue_migrations')::text")
        guard ledger != nil else { return nil }
        return try connection.values(String.self, "SELECT identifier FROM carequeue_migrations ORDER BY applied_at, identifier")
    }

    /// True when every migration is applied; throws when the database holds one this build does not know.
    private static func isCurrent(_ applied: [String]?, location: String) throws -> Bool {
        guard let applied else { return false }
        let known = Set(identifiers)
        if applied.contains(where: { !known.contains($0) }) { throw StoreError.newerSchema(path: location) }
        return Set(applied) == known
    }

    /// A database without the ledger must be empty: CareQueue does not move into someone else's.
    private static func requireEmpty(_ connection: any SQLConnection, location: String) throws {
        let tables = try connection.value(Int64.self, """
            SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()
            """) ?? 0
        if tables > 0 { throw StoreError.notCareQueueDatabase(path: location) }
    }

    private static func record(_ identifiers: [String], on connection: any SQLConnection) throws {
        let now = StoreTime.text(Date())
        for identifier in identifiers {
            try connection.execute("INSERT INTO carequeue_migrations (identifier, applied_at) VALUES (?, ?)") {
                $0.add(identifier)
                $0.add(now)
            }
        }
    }
}
