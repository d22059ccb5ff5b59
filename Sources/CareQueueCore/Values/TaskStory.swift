import Foundation

/// One call attempt on a task.
public struct AttemptRecord: Sendable, Equatable {
    public var at: Date
    public var user: String
    public var outcome: AttemptOutcome
    public var note: String

    public init(at: Date, user: String, outcome: AttemptOutcome, note: String) {
        self.at = at
        self.user = user
        self.outcome = outcome
        self.note = note
    }
}

/// The whole story of one task for `tasks show`: what `tasks list` shows, plus clocks, who acted,
/// attempts, escalations and the audit rows.
public struct TaskStory: Sendable {
    public var task: TaskListItem
    /// Receipt, or the re-opening.
    public var clockStartedAt: Date
    public var clockStoppedAt: Date?
    public var acknowledgedAt: Date?
    public var acknowledgedBy: String?
    public var closedAt: Date?
    public var closedBy: String?
    public var closeOutcome: String?
    public var closeNote: String?
    public var manuallyReassigned: Bool
    public var attemptLog: [AttemptRecord]
    public var escalations: [RecordedEscalation]
    public var audit: [AuditRecord]
    /// Roster names for the NPIs on the task (absent when not on the roster).
    public var providerNames: [String: String]
    /// The task's messages to the EHR, oldest first.
    public var outbox: [OutboxEntry] = []
    /// The tracked order this result answers, when its order message came too.
    public var order: TrackedOrder?
    /// What retention purged from it, once it did.
    public var purge: TaskPurge?
    /// What happens next as of `asOf` ("level 1 in 12 min"); set by `evaluate(at:windows:)`.
    public var nextStep: String?
    public var asOf: Date?

    public init(task: TaskListItem, clockStartedAt: Date, clockStoppedAt: Date?, acknowledgedAt: Date?,
                acknowledgedBy: String?, closedAt: Date?, closedBy: String?, closeOutcome: String?, closeNote: String?,
                manuallyReassigned: Bool, attemptLog: [AttemptRecord], escalations: [RecordedEscalation],
                audit: [AuditRecord], providerNames: [String: String]) {
        self.task = task
        self.clockStartedAt = clockStartedAt
        self.clockStoppedAt = clockStoppedAt
        self.acknowledgedAt = acknowledgedAt
        self.acknowledgedBy = acknowledgedBy
        self.closedAt = closedAt
        self.closedBy = closedBy
        self.closeOutcome = closeOutcome
        self.closeNote = closeNote
        self.manuallyReassigned = manuallyReassigned
        self.attemptLog = attemptLog
        self.escalations = escalations
        self.audit = audit
        self.providerNames = providerNames
    }

    /// The task as the escalation rules see it.
    public var escalationSubject: EscalationSubject {
        EscalationSubject(taskID: task.id, urgency: task.urgency, status: task.status, assignedNPI: task.assignedNPI,
                          clockStartedAt: clockStartedAt, clockStoppedAt: clockStoppedAt, level: task.escalationLevel)
    }

    /// Two failed attempts on a task still open suggest a portal message instead of a third call.
    public var suggestsPortalMessage: Bool {
        LifecycleState(status: task.status, assignedNPI: task.assignedNPI, failedAttempts: task.attempts)
            .suggestsPortalMessage
    }

    /// Seconds until the running clock is due (negative: overdue by that much); nil once it stopped.
    public var secondsLeft: Int? {
        guard let due = task.dueAt, let asOf else { return nil }
        return Int(due.timeIntervalSince(asOf).rounded(.down))
    }

    /// Fills `nextStep` and `asOf` for `now`.
    public mutating func evaluate(at now: Date, windows: CareQueueConfig.Windows) {
        asOf = now
        nextStep = EscalationPolicy.nextStep(for: escalationSubject, at: now, windows: windows)
    }
}
