/// Which audit rows `auditRecords` returns; every field given must hold.
public struct AuditFilter: Sendable, Equatable {
    /// The rows of this task.
    public var taskID: Int64?
    /// The rows of this action, exactly (`task.viewed`).
    public var action: String?
    /// The rows of this patient's tasks, and views of the messages that reported their results:
    /// "who looked at this patient".
    public var mrn: String?
    /// Leaves out access rows (`task.viewed`, `dashboard.started` …): what was done, not who looked.
    public var excludingAccess: Bool

    public init(taskID: Int64? = nil, action: String? = nil, mrn: String? = nil, excludingAccess: Bool = false) {
        self.taskID = taskID
        self.action = action
        self.mrn = mrn
        self.excludingAccess = excludingAccess
    }
}
