import CareQueueCore
import GRDB

/// One row of `observations`: an OBX of a task, current or retired by a later message.
struct TaskObservationRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "observations"

    enum Columns {
        static let id = Column("id")
        static let taskID = Column("task_id")
        static let messageID = Column("message_id")
        static let position = Column("position")
        static let code = Column("code")
        static let text = Column("text")
        static let valueType = Column("value_type")
        static let value = Column("value")
        static let units = Column("units")
        static let referenceRange = Column("reference_range")
        static let flags = Column("flags")
        static let status = Column("status")
        static let notes = Column("notes")
        static let isCurrent = Column("is_current")
        static let retiredByMessageID = Column("retired_by_message_id")
    }

    var id: Int64
    var taskID: Int64
    var position: Int
    var code: String
    var text: String
    var valueType: String
    var value: String
    var units: String
    var referenceRange: String
    /// JSON array text.
    var flags: String
    var status: String
    /// JSON array text.
    var notes: String

    // message_id, is_current and retired_by_message_id are written, never read back.
    init(row: Row) throws { try self.init(SQLRow(row)) }

    init(_ row: SQLRow) throws {
        id = row[Columns.id]
        taskID = row[Columns.taskID]
        position = row[Columns.position]
        code = row[Columns.code]
        text = row[Columns.text]
        valueType = row[Columns.valueType]
        value = row[Columns.value]
        units = row[Columns.units]
        referenceRange = row[Columns.referenceRange]
        flags = row[Columns.flags]
        status = row[Columns.status]
        notes = row[Columns.notes]
    }

    /// The observation as ingest and display see it.
    var observation: Observation {
        Observation(code: code, text: text, valueType: valueType, value: value, units: units, range: referenceRange,
                    flags: JSONText.strings(flags), status: status, notes: JSONText.strings(notes))
    }
}
