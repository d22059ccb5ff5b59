import CareQueueCore
import Foundation

/// What the store holds about ingested messages and the tasks they made, read whole so the kill
/// loop (`carequeue bench killtest`) can check it against the ACKs its senders received.
public struct KillTestSnapshot: Sendable, Equatable {
    /// One row of `messages`: accepted (AA/CA) or refused (review list).
    public struct Message: Sendable, Equatable {
        public var id: Int64
        /// MSH-3/MSH-4 as stored; nil when the message named no sender (not HL7).
        public var sender: SenderID?
        public var controlID: String?
        public var ackCode: String
        /// Why it was refused; nil for accepted messages.
        public var reason: String?

        public init(id: Int64, sender: SenderID?, controlID: String?, ackCode: String, reason: String?) {
            self.id = id
            self.sender = sender
            self.controlID = controlID
            self.ackCode = ackCode
            self.reason = reason
        }

        /// True for AA and CA: the message was stored as accepted.
        public var isAccepted: Bool { ackCode == "AA" || ackCode == "CA" }
    }

    /// One row of `tasks`, with its order identity and the message that last changed it.
    public struct Task: Sendable, Equatable {
        public var id: Int64
        public var sender: SenderID
        public var placerNumber: String?
        public var fillerNumber: String?
        public var serviceCode: String
        public var latestControlID: String
        public var latestMessageID: Int64

        public init(id: Int64, sender: SenderID, placerNumber: String?, fillerNumber: String?, serviceCode: String,
                    latestControlID: String, latestMessageID: Int64) {
            self.id = id
            self.sender = sender
            self.placerNumber = placerNumber
            self.fillerNumber = fillerNumber
            self.serviceCode = serviceCode
            self.latestControlID = latestControlID
            self.latestMessageID = latestMessageID
        }
    }

    /// One audited `task.created` or `task.updated`: a message's order applied to a task.
    public struct TaskChange: Sendable, Equatable {
        public var taskID: Int64
        public var action: String
        /// The applied message's MSH-10, from the audit row's details.
        public var controlID: String?

        public init(taskID: Int64, action: String, controlID: String?) {
            self.taskID = taskID
            self.action = action
            self.controlID = controlID
        }
    }

    public var messages: [Message]
    public var tasks: [Task]
    public var taskChanges: [TaskChange]
    /// Audited `message.duplicate` rows: resends of a message already stored, answered AA again.
    public var duplicateDeliveries: Int

    public init(messages: [Message], tasks: [Task], taskChanges: [TaskChange], duplicateDeliveries: Int = 0) {
        self.messages = messages
        self.tasks = tasks
        self.taskChanges = taskChanges
        self.duplicateDeliveries = duplicateDeliveries
    }
}

extension CareQueueDatabase {
    /// Every message row (without its bytes), every task's identity, every audited task creation
    /// or update and the count of duplicate deliveries, read in one transaction so they agree.
    public func killTestSnapshot() throws -> KillTestSnapshot {
        try engine.read { db in
            let messages = try db.fetchAll("SELECT \(MessageRecord.selection) FROM messages ORDER BY id").map { row in
                let record = try MessageRecord(row)
                return KillTestSnapshot.Message(
                    id: record.id,
                    sender: record.sendingApplication.map { SenderID(application: $0, facility: record.sendingFacility ?? "") },
                    controlID: record.controlID, ackCode: record.ackCode, reason: record.reason)
            }
            let tasks = try db.fetchAll("SELECT * FROM tasks ORDER BY id").map { row in
                let record = try TaskRecord(row)
                return KillTestSnapshot.Task(
                    id: record.id, sender: SenderID(application: record.sendingApplication, facility: record.sendingFacility),
                    placerNumber: record.placerNumber, fillerNumber: record.fillerNumber, serviceCode: record.serviceCode,
                    latestControlID: record.latestControlID, latestMessageID: record.latestMessageID)
            }
            let changes = try db.fetchAll("""
                SELECT task_id, action, \(db.dialect.jsonText("details", "control_id")) AS control_id
                FROM audit WHERE action IN ('task.created', 'task.updated') AND task_id IS NOT NULL ORDER BY seq
                """).map { row in
                KillTestSnapshot.TaskChange(taskID: row["task_id"], action: row["action"], controlID: row["control_id"])
            }
            let duplicates = try db.value(Int.self, "SELECT COUNT(*) FROM audit WHERE action = 'message.duplicate'") ?? 0
            return KillTestSnapshot(messages: messages, tasks: tasks, taskChanges: changes, duplicateDeliveries: duplicates)
        }
    }
}
