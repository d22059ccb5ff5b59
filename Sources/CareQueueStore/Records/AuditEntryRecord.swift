import CareQueueCore
import GRDB

/// One row of the append-only, hash-chained `audit` table.
struct AuditEntryRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "audit"

    enum Columns {
        static let seq = Column("seq")
        static let at = Column("at")
        static let user = Column("user")
        static let action = Column("action")
        static let taskID = Column("task_id")
        static let details = Column("details")
        static let osUser = Column("os_user")
        static let prevHash = Column("prev_hash")
        static let hash = Column("hash")
    }

    var seq: Int64
    var at: String
    var user: String
    var action: String
    var taskID: Int64?
    /// JSON object text, as hashed.
    var details: String
    /// nil on rows written before the account was kept (the v5-identity migration).
    var osUser: String?
    /// nil on a row written around CareQueue (the trigger refuses those, but a raw edit may not).
    var prevHash: String?
    var hash: String?

    init(row: Row) throws { self.init(SQLRow(row)) }

    init(_ row: SQLRow) {
        seq = row[Columns.seq]
        at = row[Columns.at]
        user = row[Columns.user]
        action = row[Columns.action]
        taskID = row[Columns.taskID]
        details = row[Columns.details]
        osUser = row[Columns.osUser]
        prevHash = row[Columns.prevHash]
        hash = row[Columns.hash]
    }
}
