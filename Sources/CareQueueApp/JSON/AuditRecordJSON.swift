import CareQueueCore
import Foundation

/// One element of `audit list --json` and of a task's `audit`: `details` is embedded as the JSON
/// object it is, not as a string.
public struct AuditRecordJSON: Encodable {
    public let record: AuditRecord

    public init(_ record: AuditRecord) { self.record = record }

    enum CodingKeys: String, CodingKey {
        case seq, at, user, osUser = "os_user", osUserName = "os_user_name", action, taskID = "task_id", details, hash
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(record.seq, forKey: .seq)
        try container.encode(CLIJSON.instant(record.at), forKey: .at)
        try container.encode(record.user, forKey: .user)
        try container.encode(record.osUser, forKey: .osUser)
        try container.encode(record.osUserName, forKey: .osUserName)
        try container.encode(record.action, forKey: .action)
        try container.encode(record.taskID, forKey: .taskID)
        try container.encode(JSONValue(parsing: record.details), forKey: .details)
        try container.encode(record.hash, forKey: .hash)
    }
}
