import CareQueueCore
import CareQueueStore
import Foundation
import StoreFixtures
import TestSupport

extension LifecycleWorkspace {
    /// Runs SQL on the store behind CareQueue's back, as someone with the database's own access would:
    /// `sqlite3` on the file, `psql` on the PostgreSQL database. The engines' statements differ
    /// where tampering needs each one's own machinery (triggers, sequences), so both are given.
    @discardableResult
    func behindTheBack(sqlite: String, postgres: String) throws -> ProcessResult {
        switch kind {
        case .sqlite: try Subprocess.run(URL(fileURLWithPath: "/usr/bin/sqlite3"), [db, sqlite])
        case .postgres: try PostgresTestServer.psql(db, ["-At"], input: postgres)
        }
    }

    /// One value of a query both engines speak, read behind CareQueue's back, trimmed.
    func scalar(_ sql: String) throws -> String {
        try behindTheBack(sqlite: sql, postgres: sql + ";").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

extension LifecycleWorkspace {
    /// Whether a command that failed left nothing behind: on SQLite no new file; on PostgreSQL, whose
    /// empty database the DBA made, no CareQueue tables, or tables (made by an idempotent migration,
    /// as any command would) holding no roster, coverage, message or audit row.
    func leftNothingBehind() throws -> Bool {
        switch kind {
        case .sqlite: return !FileManager.default.fileExists(atPath: db)
        case .postgres:
            guard try scalar("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()") != "0" else { return true }
            return try scalar("""
                SELECT (SELECT count(*) FROM providers) + (SELECT count(*) FROM coverage)
                     + (SELECT count(*) FROM messages) + (SELECT count(*) FROM audit)
                """) == "0"
        }
    }
}

extension LifecycleWorkspace {
    /// This workspace's store opened in the test process, as one more host (or user) would open it.
    func openStore(access: CareQueueDatabase.Access = .existing) throws -> CareQueueDatabase {
        switch kind {
        case .sqlite: try CareQueueDatabase(path: db, access: access, config: CareQueueConfig())
        case .postgres: try StoreKind.openPostgres(db, access: access)
        }
    }
}
