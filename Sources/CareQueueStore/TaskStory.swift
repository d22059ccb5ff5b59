import CareQueueCore
import Foundation
import GRDB

/// One call attempt on a task.
public struct AttemptRecord: Sendable, Equatable, Encodable {
    public var at: Date
    public var user: String
    public var outcome: AttemptOutcome
    public var note: String

    enum CodingKeys: String, CodingKey { case at, user, outcome, note }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(StoreTime.text(at), forKey: .at)
        try container.encode(user, forKey: .user)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(note, forKey: .note)
    }
}

extension RecordedEscalation: Encodable {
    enum CodingKeys: String, CodingKey {
        case taskID = "task_id", level, dueAt = "due_at", recordedAt = "recorded_at", target
        case targetNPIs = "target_npis", reason
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(taskID, forKey: .taskID)
        try container.encode(level, forKey: .level)
        try container.encode(StoreTime.text(dueAt), forKey: .dueAt)
        try container.encode(StoreTime.text(recordedAt), forKey: .recordedAt)
        try container.encode(target, forKey: .target)
        try container.encode(targetNPIs, forKey: .targetNPIs)
        try container.encode(reason, forKey: .reason)
    }
}

/// The whole story of one task for `tasks show`: what `tasks list` shows, plus clocks, who acted,
/// attempts, escalations and the audit rows.
public struct TaskStory: Sendable, Encodable {
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
    /// What happens next as of `asOf` ("level 1 in 12 min"); set by `evaluate(at:windows:)`.
    public var nextStep: String?
    public var asOf: Date?

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

    enum CodingKeys: String, CodingKey {
        case clockStartedAt = "clock_started_at", clockStoppedAt = "clock_stopped_at"
        case acknowledgedAt = "acknowledged_at", acknowledgedBy = "acknowledged_by"
        case closedAt = "closed_at", closedBy = "closed_by", closeOutcome = "close_outcome", closeNote = "close_note"
        case manuallyReassigned = "manually_reassigned", attemptLog = "attempt_log", escalations, audit
        case nextStep = "next_step", asOf = "as_of", secondsLeft = "time_left_s"
        case suggestsPortalMessage = "suggests_portal_message"
    }

    // The task's own fields first, at the same level, so `tasks show --json` is a superset of a
    // `tasks list --json` element.
    public func encode(to encoder: any Encoder) throws {
        try task.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(StoreTime.text(clockStartedAt), forKey: .clockStartedAt)
        try container.encode(clockStoppedAt.map(StoreTime.text), forKey: .clockStoppedAt)
        try container.encode(acknowledgedAt.map(StoreTime.text), forKey: .acknowledgedAt)
        try container.encode(acknowledgedBy, forKey: .acknowledgedBy)
        try container.encode(closedAt.map(StoreTime.text), forKey: .closedAt)
        try container.encode(closedBy, forKey: .closedBy)
        try container.encode(closeOutcome, forKey: .closeOutcome)
        try container.encode(closeNote, forKey: .closeNote)
        try container.encode(manuallyReassigned, forKey: .manuallyReassigned)
        try container.encode(attemptLog, forKey: .attemptLog)
        try container.encode(escalations, forKey: .escalations)
        try container.encode(audit, forKey: .audit)
        try container.encode(nextStep, forKey: .nextStep)
        try container.encode(asOf.map(StoreTime.text), forKey: .asOf)
        try container.encode(secondsLeft, forKey: .secondsLeft)
        try container.encode(suggestsPortalMessage, forKey: .suggestsPortalMessage)
    }
}

extension CareQueueDatabase {
    /// The whole story of task `id`, or nil when there is no such task.
    public func taskStory(id: Int64) throws -> TaskStory? {
        guard let task = try task(id: id) else { return nil }
        let audit = try auditRecords(taskID: id)
        let escalations = try escalations(ofTask: id)
        return try read { db in
            guard let row = try TaskRecord.fetchOne(db, sql: "SELECT * FROM tasks WHERE id = ?", arguments: [id])
            else { return nil }
            let attempts = try CallAttemptRecord.fetchAll(db, sql: """
                SELECT * FROM attempts WHERE task_id = ? ORDER BY id
                """, arguments: [id]).map { attempt in
                AttemptRecord(at: StoreTime.date(attempt.at) ?? .distantPast, user: attempt.user,
                              outcome: AttemptOutcome(rawValue: attempt.outcome) ?? .noAnswer, note: attempt.note)
            }
            let npis = Set([task.orderingNPI, task.assignedNPI, task.coveringForNPI].compactMap { $0 })
            var names: [String: String] = [:]
            for provider in try RosterRows.providers(db) where npis.contains(provider.npi) {
                names[provider.npi] = provider.name
            }
            func date(_ text: String?) -> Date? { text.flatMap(StoreTime.date) }
            return TaskStory(
                task: task, clockStartedAt: date(row.clockStartedAt) ?? task.receivedAt,
                clockStoppedAt: date(row.clockStoppedAt), acknowledgedAt: date(row.acknowledgedAt),
                acknowledgedBy: row.acknowledgedBy, closedAt: date(row.closedAt), closedBy: row.closedBy,
                closeOutcome: row.closeOutcome, closeNote: row.closeNote, manuallyReassigned: row.manuallyReassigned,
                attemptLog: attempts, escalations: escalations, audit: audit, providerNames: names)
        }
    }
}
