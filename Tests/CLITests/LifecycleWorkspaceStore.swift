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
    /// Opens this workspace's store in the test process, whichever kind it is: the SQLite file, or
    /// the PostgreSQL database as one more host would (its audit anchors in the workspace, so
    /// polling opens leave nothing behind).
    func openStore(access: CareQueueDatabase.Access = .readOnly) throws -> CareQueueDatabase {
        switch kind {
        case .sqlite:
            return try CareQueueDatabase(path: db, access: access)
        case .postgres:
            let anchors = directory.appendingPathComponent("test-process-anchors")
            try FileManager.default.createDirectory(at: anchors, withIntermediateDirectories: true)
            return try CareQueueDatabase(postgres: PostgresSettings(location: try PostgresURL.parse(db)), access: access,
                                         anchorDirectory: anchors.path)
        }
    }

    /// How many sessions hold the outbox's delivery lease (PostgreSQL's advisory lock "CQOutbox")
    /// in this workspace's database; pg_locks is the server's, so only this database's are counted.
    func deliveryLeaseHolders() throws -> Int {
        let counted = try PostgresTestServer.psql(db, ["-At", "-c", """
            SELECT count(*) FROM pg_locks
            WHERE locktype = 'advisory' AND granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND ((classid::bigint << 32) | objid::bigint) = \(0x4351_4F75_7462_6F78 as Int64)
            """])
        guard counted.status == 0, let count = Int(counted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw HarnessError("pg_locks: \(counted.stderr)")
        }
        return count
    }
}
