import Foundation

/// Which writes a PostgreSQL read snapshot cannot see yet, for readers that remember a conclusion
/// between reads (`OpenTaskTally`, `SweepSchedule`).
///
/// PostgreSQL's sequences are drawn when a row is written, not when it commits: a transaction
/// still running when a snapshot was taken may commit later a row whose id or seq is below the
/// highest the snapshot saw. "Nothing above the last id" then does not mean "nothing new". Every
/// such transaction was in flight at that snapshot: its id is below the snapshot's xmax, and it is
/// listed in the snapshot's in-flight set. Once a later snapshot's xmin reaches that xmax, every one
/// of them has committed (and is visible) or rolled back.
///
/// Read inside `engine.read` (PostgreSQL's REPEATABLE READ): every statement of the transaction
/// then shares the snapshot these describe. SQLite's single writer commits in order: no horizon.
enum SnapshotHorizon {
    /// The snapshot's xmin (every transaction below it has ended) and xmax (every transaction at
    /// or above it began after the snapshot); nil on SQLite.
    static func bounds(_ db: any SQLConnection) throws -> (xmin: Int64, xmax: Int64)? {
        guard db.dialect == .postgres else { return nil }
        guard let row = try db.fetchOne("""
            SELECT CAST(pg_snapshot_xmin(s) AS TEXT), CAST(pg_snapshot_xmax(s) AS TEXT)
            FROM (SELECT pg_current_snapshot() AS s) AS current
            """), let xmin = Int64(row[0] as String), let xmax = Int64(row[1] as String) else { return nil }
        return (xmin, xmax)
    }

    /// The transactions in flight at the snapshot (empty on SQLite).
    static func inFlight(_ db: any SQLConnection) throws -> [String] {
        guard db.dialect == .postgres else { return [] }
        return try db.values(String.self, "SELECT CAST(x AS TEXT) FROM pg_snapshot_xip(pg_current_snapshot()) AS x")
    }

    /// Whether any of `transactions` (from `inFlight`) has committed as this snapshot sees it.
    static func anyCommitted(_ transactions: [String], _ db: any SQLConnection) throws -> Bool {
        guard db.dialect == .postgres, !transactions.isEmpty else { return false }
        let values = Array(repeating: "(CAST(? AS TEXT))", count: transactions.count).joined(separator: ", ")
        return try db.fetchOne("""
            SELECT 1 FROM (VALUES \(values)) AS x(id)
            WHERE pg_visible_in_snapshot(CAST(x.id AS xid8), pg_current_snapshot()) LIMIT 1
            """, { for id in transactions { $0.add(id) } }) != nil
    }
}
