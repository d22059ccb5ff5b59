import Foundation

/// Every field of a task a coordinator's action reads or writes: the before-state the lifecycle
/// is given and the after-state it returns, which the store writes as it is.
public struct TaskActionState: Sendable, Equatable {
    public var lifecycle: LifecycleState
    /// Read only: the tier decides whether an action stops the clock.
    public var urgency: Urgency
    /// Due time of the running clock; nil once it stopped.
    public var dueAt: Date?
    public var clockStoppedAt: Date?
    public var acknowledgedAt: Date?
    public var acknowledgedBy: String?
    public var closure: TaskClosure?
    /// The provider the assigned one covers for (kept in `lifecycle`, whose sign-off rule reads it).
    public var coveringForNPI: String? {
        get { lifecycle.coveringForNPI }
        set { lifecycle.coveringForNPI = newValue }
    }
    public var routingExplanation: String
    /// A person moved the task: coverage moves leave it where they put it.
    public var manuallyReassigned: Bool
    /// When the coordinator means to call back (the latest attempt's choice); nil: no callback pending.
    public var callbackAt: Date?

    /// The state of a stored task. Who acted last (for a refusal's "by X at T") is the closer of a
    /// closed task, else whoever acknowledged it.
    public init(status: TaskStatus, assignedNPI: String?, failedAttempts: Int, urgency: Urgency, dueAt: Date?,
                clockStoppedAt: Date?, acknowledgedAt: Date?, acknowledgedBy: String?, closure: TaskClosure?,
                coveringForNPI: String?, routingExplanation: String, manuallyReassigned: Bool,
                callbackAt: Date? = nil, signoff: SignoffState = .notRequired, kind: TaskKind = .result) {
        let closed = status == .closed
        self.lifecycle = LifecycleState(status: status, assignedNPI: assignedNPI, failedAttempts: failedAttempts,
                                        lastActor: closed ? closure?.by : acknowledgedBy,
                                        lastActedAt: closed ? closure?.at : acknowledgedAt, signoff: signoff,
                                        coveringForNPI: coveringForNPI, kind: kind)
        self.urgency = urgency
        self.dueAt = dueAt
        self.clockStoppedAt = clockStoppedAt
        self.acknowledgedAt = acknowledgedAt
        self.acknowledgedBy = acknowledgedBy
        self.closure = closure
        self.routingExplanation = routingExplanation
        self.manuallyReassigned = manuallyReassigned
        self.callbackAt = callbackAt
    }
}

/// What a coordinator's action does to a task, as the lifecycle decided it.
public struct TaskActionEffect: Sendable, Equatable {
    /// The task after the action: every field the store writes.
    public var after: TaskActionState
    /// True when this action stopped the tier's clock (DESIGN.md "the clock stops when").
    public var stoppedClock: Bool
    /// The receiving provider's roster name, for a reassignment.
    public var assignedName: String?
}

extension Lifecycle {
    /// The whole after-state of `task` once `action` is applied, or the reason it is refused.
    ///
    /// Beyond the transition itself (`apply`): a first action on an open task acknowledges it (by
    /// `user`, at `now`); a close records who, when, why and how; a reassignment leaves any
    /// coverage, says who moved it from where, and marks it as moved by a person; an attempt sets
    /// the callback (replacing the last one, or clearing it when it names none) and a close ends it,
    /// while acknowledging or reassigning leaves it as it is; and the clock
    /// stops when the tier's rule says so (`EscalationPolicy.clockStops`), if it still runs.
    public static func perform(_ action: TaskAction, on task: TaskActionState, by user: String, at now: Date,
                               roster: Roster, account: String? = nil) -> Result<TaskActionEffect, LifecycleRefusal> {
        let next: LifecycleState
        switch apply(action, to: task.lifecycle, by: user, at: now, roster: roster, account: account) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let state): next = state
        }
        var after = task
        after.lifecycle = next
        if task.lifecycle.status == .open, next.status == .acknowledged {
            after.acknowledgedAt = now
            after.acknowledgedBy = user
        }
        var assignedName: String?
        switch action {
        case .close(let outcome, let note):
            after.closure = TaskClosure(at: now, by: user, outcome: outcome, note: note)
            after.callbackAt = nil
        case .attempt(_, _, let callbackAt):
            after.callbackAt = callbackAt
        case .reassign(let npi, _):
            let name = roster.providers[npi]?.name ?? npi
            let from = task.lifecycle.assignedNPI.map { "\(roster.providers[$0]?.name ?? $0)'s queue" }
                ?? "the Unassigned queue"
            assignedName = name
            after.coveringForNPI = nil
            after.routingExplanation = "\(name), reassigned by \(user) from \(from)"
            after.manuallyReassigned = true
        case .acknowledge, .signOff:
            break
        }
        let stopsClock = task.dueAt != nil && EscalationPolicy.clockStops(urgency: task.urgency, status: next.status)
        if stopsClock {
            after.dueAt = nil
            after.clockStoppedAt = now
        }
        return .success(TaskActionEffect(after: after, stoppedClock: stopsClock, assignedName: assignedName))
    }
}
