import CareQueueCore
import CareQueueStore
import Foundation
import StoreFixtures
import TestSupport

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
