import Foundation

/// One audit row, for `audit list` and `tasks show`.
public struct AuditRecord: Sendable, Equatable {
    public var seq: Int64
    public var at: Date
    public var user: String
    public var action: String
    public var taskID: Int64?
    /// The details JSON object as stored.
    public var details: String
    public var hash: String?

    public init(seq: Int64, at: Date, user: String, action: String, taskID: Int64?, details: String, hash: String?) {
        self.seq = seq
        self.at = at
        self.user = user
        self.action = action
        self.taskID = taskID
        self.details = details
        self.hash = hash
    }
}
