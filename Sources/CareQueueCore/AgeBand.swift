import Foundation

/// How far a task has aged against its due window; the dashboard colours each row by it.
///
/// ```
/// clock start        half the window    last fifth       due            twice the window
///     |── fresh ──────────|── halfway ───────|── dueSoon ───|── overdue ─────|── escalated ──▶
/// ```
/// Each band starts at its threshold instant (a threshold is crossed at or after it, as for
/// escalation). A task at escalation level 2 is escalated whatever its clock says; level 1 adds
/// nothing the clock does not already show (it coincides with the due time of an assigned task
/// and with receipt for an Unassigned one). A stopped clock no longer ages: fresh, unless level 2.
public enum AgeBand: Int, Sendable, CaseIterable, Comparable {
    case fresh, halfway, dueSoon, overdue, escalated

    /// The band of a task whose running clock is due at `dueAt` (nil once it stopped) after a
    /// `window`-long due window, at escalation `level`, as of `now`.
    public static func of(dueAt: Date?, window: TimeInterval, escalationLevel level: Int, at now: Date) -> AgeBand {
        if level >= 2 { return .escalated }
        guard let dueAt else { return .fresh }
        let remaining = dueAt.timeIntervalSince(now)
        // Compared as time left, in whole divisions of the window, so the boundaries are exact.
        if remaining <= -window { return .escalated }
        if remaining <= 0 { return .overdue }
        if remaining <= window / 5 { return .dueSoon }
        if remaining <= window / 2 { return .halfway }
        return .fresh
    }

    /// The band of `urgency`'s window under `windows` (see `of(dueAt:window:escalationLevel:at:)`).
    public static func of(dueAt: Date?, urgency: Urgency, windows: CareQueueConfig.Windows, escalationLevel level: Int,
                          at now: Date) -> AgeBand {
        of(dueAt: dueAt, window: windows.window(for: urgency), escalationLevel: level, at: now)
    }

    public static func < (lhs: AgeBand, rhs: AgeBand) -> Bool { lhs.rawValue < rhs.rawValue }
}
