import Foundation

/// One audit row, for `audit list` and `tasks show`.
public struct AuditRecord: Sendable, Equatable {
    public var seq: Int64
    public var at: Date
    /// The label the person gave (`--user`): says who they claim to be, proves nothing.
    public var user: String
    public var action: String
    public var taskID: Int64?
    /// The details JSON object as stored.
    public var details: String
    public var hash: String?
    /// The operating-system account of the process that wrote the row; nil on rows written before
    /// CareQueue kept it.
    public var osUser: String?
    /// The roster person whose `login` is `osUser`, when one is.
    public var osUserName: String?

    public init(seq: Int64, at: Date, user: String, action: String, taskID: Int64?, details: String, hash: String?,
                osUser: String? = nil, osUserName: String? = nil) {
        self.seq = seq
        self.at = at
        self.user = user
        self.action = action
        self.taskID = taskID
        self.details = details
        self.hash = hash
        self.osUser = osUser
        self.osUserName = osUserName
    }

    /// Who acted, in one short phrase: `kim (kim → Okafor, Grace)` when the account maps to a roster
    /// person, `kim (svc-clinic)` when the label and account differ, the bare label otherwise.
    public var actor: String {
        guard let osUser else { return user }
        if let osUserName { return "\(user) (\(osUser) → \(osUserName))" }
        return osUser == user ? user : "\(user) (\(osUser))"
    }
}
