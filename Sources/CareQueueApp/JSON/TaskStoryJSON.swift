import CareQueueCore
import Foundation

/// `tasks show --json`: the task's own fields first, at the same level, so it is a superset of a
/// `tasks list --json` element; then clocks, who acted, attempts, escalations, the audit rows and the
/// messages written back to the EHR (`outbox`, oldest first), and the tracked order it answers
/// (`order`, null when none).
public struct TaskStoryJSON: Encodable {
    public let story: TaskStory
    /// When the order's result was expected (`[turnaround]`), for `order`.
    public let turnaround: CareQueueConfig.Turnaround

    public init(_ story: TaskStory, turnaround: CareQueueConfig.Turnaround = .init()) {
        self.story = story
        self.turnaround = turnaround
    }

    enum CodingKeys: String, CodingKey {
        case clockStartedAt = "clock_started_at", clockStoppedAt = "clock_stopped_at"
        case acknowledgedAt = "acknowledged_at", acknowledgedBy = "acknowledged_by"
        case closedAt = "closed_at", closedBy = "closed_by", closeOutcome = "close_outcome", closeNote = "close_note"
        case manuallyReassigned = "manually_reassigned", attemptLog = "attempt_log", escalations, audit
        case nextStep = "next_step", asOf = "as_of", secondsLeft = "time_left_s"
        case suggestsPortalMessage = "suggests_portal_message", outbox, order
        case purgedAt = "purged_at", rawPurgedAt = "raw_purged_at"
    }

    public func encode(to encoder: any Encoder) throws {
        try TaskJSON(story.task).encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(CLIJSON.instant(story.clockStartedAt), forKey: .clockStartedAt)
        try container.encode(story.clockStoppedAt.map(CLIJSON.instant), forKey: .clockStoppedAt)
        try container.encode(story.acknowledgedAt.map(CLIJSON.instant), forKey: .acknowledgedAt)
        try container.encode(story.acknowledgedBy, forKey: .acknowledgedBy)
        try container.encode(story.closedAt.map(CLIJSON.instant), forKey: .closedAt)
        try container.encode(story.closedBy, forKey: .closedBy)
        try container.encode(story.closeOutcome, forKey: .closeOutcome)
        try container.encode(story.closeNote, forKey: .closeNote)
        try container.encode(story.manuallyReassigned, forKey: .manuallyReassigned)
        try container.encode(story.attemptLog.map(AttemptJSON.init), forKey: .attemptLog)
        try container.encode(story.escalations.map(EscalationJSON.init), forKey: .escalations)
        try container.encode(story.audit.map(AuditRecordJSON.init), forKey: .audit)
        try container.encode(story.nextStep, forKey: .nextStep)
        try container.encode(story.asOf.map(CLIJSON.instant), forKey: .asOf)
        try container.encode(story.secondsLeft, forKey: .secondsLeft)
        try container.encode(story.suggestsPortalMessage, forKey: .suggestsPortalMessage)
        try container.encode(story.outbox.map { OutboxEntryJSON($0) }, forKey: .outbox)
        try container.encode(story.order.map { TrackedOrderJSON($0, turnaround: turnaround, at: story.asOf ?? Date()) }, forKey: .order)
        try container.encode(story.purge.map { CLIJSON.instant($0.purgedAt) }, forKey: .purgedAt)
        try container.encode(story.purge?.rawPurgedAt.map(CLIJSON.instant), forKey: .rawPurgedAt)
    }
}

/// One call attempt in a task's `attempt_log`.
struct AttemptJSON: Encodable {
    let attempt: AttemptRecord

    init(_ attempt: AttemptRecord) { self.attempt = attempt }

    enum CodingKeys: String, CodingKey { case at, user, outcome, note }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(CLIJSON.instant(attempt.at), forKey: .at)
        try container.encode(attempt.user, forKey: .user)
        try container.encode(attempt.outcome, forKey: .outcome)
        try container.encode(attempt.note, forKey: .note)
    }
}

/// One recorded escalation, in a task's `escalations` and in `escalations run --json`.
public struct EscalationJSON: Encodable {
    public let escalation: RecordedEscalation

    public init(_ escalation: RecordedEscalation) { self.escalation = escalation }

    public func encode(to encoder: any Encoder) throws {
        try EscalationStepJSON.encode(escalation, subject: .taskID, id: escalation.taskID, to: encoder)
    }
}

/// The fields every recorded escalation shares, after the id of what it escalated.
enum EscalationStepJSON {
    enum CodingKeys: String, CodingKey {
        case taskID = "task_id", messageID = "message_id", level, dueAt = "due_at", recordedAt = "recorded_at", target
        case targetNPIs = "target_npis", reason
    }

    static func encode(_ step: some RecordedEscalationStep, subject: CodingKeys, id: Int64, to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: subject)
        try container.encode(step.level, forKey: .level)
        try container.encode(CLIJSON.instant(step.dueAt), forKey: .dueAt)
        try container.encode(CLIJSON.instant(step.recordedAt), forKey: .recordedAt)
        try container.encode(step.target, forKey: .target)
        try container.encode(step.targetNPIs, forKey: .targetNPIs)
        try container.encode(step.reason, forKey: .reason)
    }
}
