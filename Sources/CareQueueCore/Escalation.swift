import Foundation

/// The parts of a task the escalation rules look at.
public struct EscalationSubject: Sendable, Equatable {
    public var taskID: Int64
    public var urgency: Urgency
    public var status: TaskStatus
    public var assignedNPI: String?
    /// When the running clock started: first receipt, or the re-opening.
    public var clockStartedAt: Date
    /// Set once the tier's stop event happened (DESIGN.md "the clock stops when").
    public var clockStoppedAt: Date?
    /// The highest level already recorded.
    public var level: Int

    public init(taskID: Int64, urgency: Urgency, status: TaskStatus, assignedNPI: String?,
                clockStartedAt: Date, clockStoppedAt: Date? = nil, level: Int = 0) {
        self.taskID = taskID
        self.urgency = urgency
        self.status = status
        self.assignedNPI = assignedNPI
        self.clockStartedAt = clockStartedAt
        self.clockStoppedAt = clockStoppedAt
        self.level = level
    }
}

/// One escalation to record: the task reached `level` at `dueAt`.
public struct EscalationStep: Sendable, Equatable {
    public var taskID: Int64
    public var level: Int
    /// The threshold instant (clock start + window, or + twice the window).
    public var dueAt: Date
    /// Who is told: NPIs from the roster; empty when the roster has nobody in that role.
    public var targetNPIs: [String]
    /// Human text for the target ("care coordinators", "supervisor Dr Okafor", "charge nurse").
    public var target: String
    public var reason: String
}

/// Escalation rules from DESIGN.md "Urgency and clocks".
public enum EscalationPolicy {
    /// True when the tier's clock-stopping event has happened for a task in `status`.
    public static func clockStops(urgency: Urgency, status: TaskStatus) -> Bool {
        switch urgency {
        case .critical, .abnormal: return status != .open   // acknowledged, or any first action
        case .routine: return status == .closed
        }
    }

    /// The instant the task reaches `level` (1 or 2). Unassigned tasks reach level 1 at once.
    public static func threshold(level: Int, for subject: EscalationSubject, windows: CareQueueConfig.Windows) -> Date {
        let window = windows.window(for: subject.urgency)
        if level <= 1 {
            return subject.assignedNPI == nil ? subject.clockStartedAt : subject.clockStartedAt.addingTimeInterval(window)
        }
        return subject.clockStartedAt.addingTimeInterval(2 * window)
    }

    /// The escalations due at `now` that are not yet recorded (levels above `subject.level`).
    public static func due(for subject: EscalationSubject, at now: Date, windows: CareQueueConfig.Windows,
                           roster: Roster) -> [EscalationStep] {
        guard subject.status != .closed, subject.clockStoppedAt == nil, subject.level < 2 else { return [] }
        var steps: [EscalationStep] = []
        for level in (subject.level + 1)...2 {
            let at = threshold(level: level, for: subject, windows: windows)
            guard at <= now else { break }
            steps.append(step(level: level, at: at, subject: subject, windows: windows, roster: roster))
        }
        return steps
    }

    /// What happens next, for the row and `tasks show`: "level 1 in 12 min", "clock stopped".
    public static func nextStep(for subject: EscalationSubject, at now: Date, windows: CareQueueConfig.Windows) -> String {
        if subject.status == .closed { return "closed" }
        if subject.clockStoppedAt != nil { return "clock stopped" }
        guard subject.level < 2 else { return "at level 2" }
        let level = subject.level + 1
        let at = threshold(level: level, for: subject, windows: windows)
        let remaining = at.timeIntervalSince(now)
        return remaining <= 0 ? "level \(level) due now" : "level \(level) in \(AgeText.short(remaining))"
    }

    private static func step(level: Int, at: Date, subject: EscalationSubject, windows: CareQueueConfig.Windows,
                             roster: Roster) -> EscalationStep {
        let window = AgeText.short(windows.window(for: subject.urgency))
        if level == 1 {
            let coordinators = roster.people(withRole: .coordinator)
            let reason = subject.assignedNPI == nil
                ? "Unassigned result: no provider queue owns it"
                : "\(subject.urgency.rawValue) not acted on within \(window)"
            return EscalationStep(taskID: subject.taskID, level: 1, dueAt: at, targetNPIs: coordinators.map(\.npi),
                                  target: "care coordinators", reason: reason)
        }
        let reason = "\(subject.urgency.rawValue) not acted on within twice the \(window) window"
        let (npis, target) = levelTwoTarget(assignedNPI: subject.assignedNPI, roster: roster)
        return EscalationStep(taskID: subject.taskID, level: 2, dueAt: at, targetNPIs: npis, target: target,
                              reason: reason)
    }

    /// Who level 2 tells: the supervisor of the provider whose queue holds the task, else the charge nurse.
    static func levelTwoTarget(assignedNPI: String?, roster: Roster) -> (npis: [String], target: String) {
        if let npi = assignedNPI, let supervisorNPI = roster.providers[npi]?.supervisorNPI,
           let supervisor = roster.providers[supervisorNPI] {
            return ([supervisor.npi], "supervisor \(supervisor.name)")
        }
        return (roster.people(withRole: .chargeNurse).map(\.npi), "charge nurse")
    }
}
