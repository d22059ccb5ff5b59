import CareQueueCore
import Foundation

extension CareQueueDatabase {
    /// Appends `entries` (access events: tasks and messages shown, dashboards opened and closed) to
    /// the audit chain in one transaction, then anchors the new head. All or none: on failure (the
    /// database locked past the busy timeout) nothing was written and the caller may try again.
    public func appendAccess(_ entries: [AccessAuditEntry]) throws {
        guard !entries.isEmpty else { return }
        try writeAudited { db, audit in
            for entry in entries {
                try audit.append(at: entry.at, user: entry.user, action: entry.action, taskID: entry.taskID,
                                 details: entry.details, db)
            }
        }
    }
}
