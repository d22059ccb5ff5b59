import Foundation

/// A gated task as the sign-off clock sees it.
public struct SignoffSubject: Sendable, Equatable {
    public var taskID: Int64
    public var assignedNPI: String?
    /// The provider whose sign-off it waits for, by name.
    public var awaited: String
    /// When it began to wait: its receipt (or re-opening), the instant its clock started.
    public var waitingSince: Date
    /// The highest sign-off escalation level already recorded.
    public var level: Int

    public init(taskID: Int64, assignedNPI: String?, awaited: String, waitingSince: Date, level: Int = 0) {
        self.taskID = taskID
        self.assignedNPI = assignedNPI
        self.awaited = awaited
        self.waitingSince = waitingSince
        self.level = level
    }
}

/// Waiting for sign-off has its own clock (`[windows] signoff`), apart from the tier's: the tier's
/// clock stops at acknowledgement, while a result nobody signed still cannot reach the patient.
/// Past one window the coordinators are told (level 1) — they chase the provider; past two, the
/// provider's supervisor (level 2; the charge nurse when there is none).
public enum SignoffClock {
    /// The instant a task waiting since `since` reaches `level` (1 or 2).
    public static func threshold(level: Int, since: Date, window: TimeInterval) -> Date {
        since.addingTimeInterval(Double(max(1, min(level, 2))) * window)
    }

    /// The sign-off escalations due at `now` not yet recorded (levels above `subject.level`). The
    /// caller passes only tasks still waiting (gated, unsigned, not closed).
    public static func due(for subject: SignoffSubject, at now: Date, window: TimeInterval,
                           roster: Roster) -> [EscalationStep] {
        guard subject.level < 2 else { return [] }
        return ((subject.level + 1)...2).compactMap { level in
            let at = threshold(level: level, since: subject.waitingSince, window: window)
            return at <= now ? step(level: level, at: at, subject: subject, window: window, roster: roster) : nil
        }
    }

    private static func step(level: Int, at: Date, subject: SignoffSubject, window: TimeInterval,
                             roster: Roster) -> EscalationStep {
        let reason = "waiting for \(subject.awaited)'s sign-off for \(AgeText.short(Double(level) * window))"
        if level == 1 {
            return EscalationStep(taskID: subject.taskID, level: 1, dueAt: at,
                                  targetNPIs: roster.people(withRole: .coordinator).map(\.npi),
                                  target: "care coordinators (\(subject.awaited)'s queue)", reason: reason)
        }
        let (npis, target) = EscalationPolicy.levelTwoTarget(assignedNPI: subject.assignedNPI, roster: roster)
        return EscalationStep(taskID: subject.taskID, level: 2, dueAt: at, targetNPIs: npis, target: target, reason: reason)
    }
}
