import CareQueueCore
import GRDB

extension Schema {
    /// Who works which queue, the observation that set each task's tier, and the worklist's index.
    static let coordinatorsMigration = "v8-coordinators"

    /// - `providers.coordinators`: space-separated logins of the coordinators of that provider's queue.
    /// - `tasks.tier_position`: the `observations.position` of the observation that set the tier
    ///   (the row shows its value); NULL when no single observation did. `backfillTierPositions`
    ///   fills it for tasks written before, from their current observations' flags.
    /// - `tasks_open_find` gains `assigned_npi`, `urgency` and `status` after `id`: the worklist
    ///   (every open task in the dashboard's order, narrowed to some queues and a tier) is then a
    ///   read of the index (a range for a tier) that stops when the screenful is full, with no
    ///   table lookup and no sort — SQLite reads the table for `status` unless the index holds it,
    ///   even though the index's own WHERE says it. Find reads it as before (the folded text is
    ///   still in it).
    static let coordinatorsColumns = """
        ALTER TABLE providers ADD COLUMN coordinators TEXT NOT NULL DEFAULT '';
        ALTER TABLE tasks ADD COLUMN tier_position INTEGER CHECK (tier_position IS NULL OR tier_position >= 0);

        """

    static let worklistIndex = """
        DROP INDEX tasks_open_find;
        CREATE INDEX tasks_open_find
            ON tasks(urgency <> 'critical', due_at IS NULL, due_at, id, assigned_npi, urgency, status, search_folded)
            WHERE status <> 'closed';

        """

    /// Sets `tier_position` of every critical or abnormal task from its current observations, as
    /// `Tiering.flaggedIndex` picks with the default `[tiers]` (a migration has no configuration),
    /// a chunk of tasks at a time.
    static func backfillTierPositions(_ db: Database) throws {
        let update = try db.makeStatement(sql: "UPDATE tasks SET tier_position = ? WHERE id = ?")
        let chunk = try db.makeStatement(sql: """
            SELECT id FROM tasks WHERE id > ? AND urgency <> 'routine' ORDER BY id LIMIT 5000
            """)
        let observations = try db.makeStatement(sql: """
            SELECT position, flags FROM observations WHERE task_id = ? AND is_current = 1 ORDER BY position, id
            """)
        var after: Int64 = Int64.min
        while true {
            let ids = try Int64.fetchAll(chunk, arguments: [after])
            guard let last = ids.last else { return }
            for id in ids {
                let rows = try Row.fetchAll(observations, arguments: [id])
                let flags = rows.map { row in JSONText.strings(row["flags"]) }
                if let index = Tiering.flaggedIndex(flags) {
                    try update.execute(arguments: [rows[index]["position"] as Int, id])
                }
            }
            after = last
        }
    }
}
