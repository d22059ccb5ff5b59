import Foundation

/// Something a person saw or did to the session itself (not to a task): HIPAA's audit controls
/// include access, so "who looked at this patient" must be answerable.
public enum AccessEvent: Equatable, Sendable {
    /// A dashboard opened; `mode` says which ("worklist", "board", "kiosk").
    case dashboardStarted(mode: String)
    case dashboardEnded
    /// A task's detail (and so its patient) was shown.
    case taskViewed(taskID: Int64)
    /// A stored message's raw bytes were shown.
    case rawMessageViewed(messageID: Int64)
    case screenLocked
    case screenUnlocked
}

/// Where access events go. The recorder knows who and which terminal; callers say what and when.
/// `record` must not block the caller on disk: a dashboard records while the coordinator scrolls.
public protocol AccessAudit: Sendable {
    func record(_ event: AccessEvent, at: Date)
}
