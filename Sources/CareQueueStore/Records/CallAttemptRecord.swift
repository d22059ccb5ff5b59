import GRDB

/// One row of `attempts`: a failed call to the patient.
struct CallAttemptRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "attempts"

    enum Columns {
        static let id = Column("id")
        static let taskID = Column("task_id")
        static let at = Column("at")
        static let user = Column("user")
        static let outcome = Column("outcome")
        static let note = Column("note")
    }

    var id: Int64
    var taskID: Int64
    var at: String
    var user: String
    var outcome: String
    var note: String

    init(row: Row) throws { try self.init(SQLRow(row)) }

    init(_ row: SQLRow) throws {
        id = row[Columns.id]
        taskID = row[Columns.taskID]
        at = row[Columns.at]
        user = row[Columns.user]
        outcome = row[Columns.outcome]
        note = row[Columns.note]
    }
}
