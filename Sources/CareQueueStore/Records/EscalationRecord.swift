import GRDB

/// One row of `escalations`: a level a task reached on one clock, recorded once.
struct EscalationRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "escalations"

    enum Columns {
        static let id = Column("id")
        static let taskID = Column("task_id")
        static let level = Column("level")
        static let clockStartedAt = Column("clock_started_at")
        static let dueAt = Column("due_at")
        static let recordedAt = Column("recorded_at")
        static let target = Column("target")
        static let targetNPIs = Column("target_npis")
        static let reason = Column("reason")
    }

    var id: Int64
    var taskID: Int64
    var level: Int
    var clockStartedAt: String
    var dueAt: String
    var recordedAt: String
    var target: String
    /// JSON array text.
    var targetNPIs: String
    var reason: String

    init(row: Row) throws { try self.init(SQLRow(row)) }

    init(_ row: SQLRow) throws {
        id = row[Columns.id]
        taskID = row[Columns.taskID]
        level = row[Columns.level]
        clockStartedAt = row[Columns.clockStartedAt]
        dueAt = row[Columns.dueAt]
        recordedAt = row[Columns.recordedAt]
        target = row[Columns.target]
        targetNPIs = row[Columns.targetNPIs]
        reason = row[Columns.reason]
    }
}
