import GRDB

extension Schema {
    /// The board's shift trend: arrivals and closures per hour.
    static let boardTrendMigration = "v10-board-trend"

    /// Two ranges by time, so the board's twelve hours read only the tasks of those hours however
    /// much history the store holds: `tasks_received` (every task; a result's arrival), and
    /// `tasks_closed_at` (closed tasks only: an open task has no entry).
    static let boardTrend = """
        CREATE INDEX IF NOT EXISTS tasks_received ON tasks(received_at);
        CREATE INDEX tasks_closed_at ON tasks(closed_at) WHERE closed_at IS NOT NULL;
        """
}
