import Foundation

/// The tier and reason of a consult note's task: `[turnaround] consult_note_tier` (default routine)
/// with "consult note received — review", unless the note's own observations say more (a flagged
/// critical value stays critical). Pure: applied to what `OrderUpdate` made of the note.
public enum ConsultNoteRule {
    /// Why the task exists when it answers a tracked referral.
    public static func reviewReason(_ tier: Urgency) -> String {
        "\(tier.rawValue): consult note received — review"
    }

    /// Why the task exists when no tracked referral is named by it (yet): kept and shown, not lost.
    public static func unmatchedReason(_ tier: Urgency) -> String {
        "\(tier.rawValue): consult note received — no referral on file"
    }

    /// True for a task reason `unmatchedReason` wrote.
    public static func isUnmatched(_ reason: String) -> Bool {
        reason.hasSuffix("consult note received — no referral on file")
    }

    /// Gives the note's task `tier` and `reason` when its observations do not call for more; the
    /// due time follows a tier that rose, as it does for a result.
    public static func apply(_ update: inout OrderUpdateResult, tier: Urgency, reason: String,
                             windows: CareQueueConfig.Windows) {
        var task = update.task
        guard tier >= task.urgency else { return }
        if tier > task.urgency {
            let from = task.urgency
            task.urgency = tier
            if task.clockRunning { task.dueAt = task.clockStartedAt.addingTimeInterval(windows.window(for: tier)) }
            if let created = update.events.firstIndex(where: { $0.action == .created }) {
                update.events[created].details["urgency"] = tier.rawValue
            } else {
                update.events.append(TaskEvent(.urgencyRaised, ["from": from.rawValue, "to": tier.rawValue]))
            }
        }
        // The note's tier is the rule's, not a lower lab tier kept beside it.
        update.events.removeAll { $0.action == .urgencyKept }
        task.urgencyReason = reason
        task.tierPosition = nil
        task.lowerLabTier = nil
        update.task = task
    }
}
