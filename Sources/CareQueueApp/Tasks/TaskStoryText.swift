import CareQueueCore
import Foundation

/// The text form of `tasks show`.
public enum TaskStoryText {
    /// The story as of `story.asOf` (`evaluate(at:windows:)`); unevaluated, a claim cannot be told
    /// live from lapsed and a callback due from pending, so neither says so.
    public static func render(_ story: TaskStory) -> [String] {
        let task = story.task
        var lines: [String] = []
        var state = "\(task.status.rawValue)"
        if let callbackAt = task.callbackAt {
            state += ", " + WorkStateText.callback(callbackAt, shown: Timestamp.iso(callbackAt), at: story.asOf ?? .distantPast)
        }
        if task.reopened { state += ", re-opened (a correction or a higher urgency arrived after it was closed)" }
        if task.retractionReview { state += ", flagged for retraction review (OBX-11 W)" }
        lines.append("Task \(task.id): \(task.urgency.rawValue), \(state)")
        // Whoever is working on it in a dashboard (the words of the dashboard's detail).
        if let now = story.asOf, let claim = task.claim.flatMap({ WorkStateText.claim($0, at: now) }) {
            lines.append("Claimed by \(claim)")
        }
        lines.append("")
        var patient = "Patient    \(task.patient)   MRN \(task.mrn)"
        if let dob = task.dob { patient += "   DOB \(dob)" }
        if let phone = task.phone { patient += "   phone \(phone)" }
        if let preference = task.contactPreference { patient += "   " + WorkStateText.preference(preference) }
        lines.append(patient)
        lines.append("Test       \(task.test)   (result status \(task.resultStatus.isEmpty ? "-" : task.resultStatus), latest control id \(task.controlID))")
        if let warning = task.charsetWarning { lines.append("Charset    \(warning): check names and text against the lab's report") }
        lines.append("Urgency    \(task.urgencyReason)")
        lines.append("Routing    \(task.routing)")
        lines.append("Queue      \(queue(task.assignedNPI, story))" + (task.orderingNPI.map { "; ordered by \(provider($0, story))" } ?? ""))
        // The dashboard detail's words; the command line also says when the gate does not apply.
        lines.append("Sign-off   " + (WorkStateText.signoff(task.signoff, time: Timestamp.iso) ?? "not required"))

        lines.append("")
        lines.append("Observations")
        if task.observations.isEmpty { lines.append("  (none)") }
        for obs in task.observations {
            var line = "  \(obs.code) \(obs.text): \([obs.value, obs.units].filter { !$0.isEmpty }.joined(separator: " "))"
            if !obs.flags.isEmpty { line += "  [\(obs.flags.joined(separator: ","))]" }
            if !obs.range.isEmpty { line += "  range \(obs.range)" }
            line += "  status \(obs.status)"
            lines.append(line)
        }

        lines.append("")
        lines.append("Clocks")
        lines.append("  received        \(Timestamp.iso(task.receivedAt))")
        if story.clockStartedAt != task.receivedAt {
            lines.append("  clock restarted \(Timestamp.iso(story.clockStartedAt))")
        }
        if let due = task.dueAt {
            let left = story.secondsLeft.map { $0 >= 0 ? "\(AgeText.short(TimeInterval($0))) left" : "overdue by \(AgeText.short(TimeInterval(-$0)))" } ?? ""
            lines.append("  due             \(Timestamp.iso(due)) (\(left))")
        }
        if let stopped = story.clockStoppedAt {
            lines.append("  clock stopped   \(Timestamp.iso(stopped))")
        }
        if let at = story.acknowledgedAt, let by = story.acknowledgedBy {
            lines.append("  acknowledged    \(Timestamp.iso(at)) by \(by)")
        }
        if let at = story.closedAt, let by = story.closedBy {
            lines.append("  closed          \(Timestamp.iso(at)) by \(by): \(story.closeOutcome ?? "")" + (story.closeNote.map { ", \"\($0)\"" } ?? ""))
        }
        lines.append("Next       \(story.nextStep ?? "-")   (escalation level \(task.escalationLevel))")
        if let order = story.order {
            let awaited = order.state == .ordered ? order.expectedBy.map { " → expected by \(Timestamp.iso($0))" } ?? "" : ""
            lines.append("Order      \(order.placerNumber): " + order.turnaround(time: Timestamp.iso) + awaited
                         + " (orders show \(order.id))")
        }
        if let purge = story.purge {
            lines.append("Retention  " + purge.text(time: Timestamp.iso))
        }
        // Whether what was done reached the EHR, one line per message (the detail's words).
        for entry in story.outbox {
            // Unevaluated, a held row says it is held: the cautious reading.
            lines.append("EHR        " + OutboxText.line(entry, at: story.asOf ?? .distantPast, time: Timestamp.iso))
        }

        lines.append("")
        lines.append("Attempts (\(story.attemptLog.count))")
        for attempt in story.attemptLog {
            lines.append("  \(Timestamp.iso(attempt.at))  \(attempt.user)  \(attempt.outcome.rawValue)" + (attempt.note.isEmpty ? "" : "  \"\(attempt.note)\""))
        }
        if story.suggestsPortalMessage {
            lines.append("  → \(task.attempts) failed attempts: consider a portal message (tasks close \(task.id) --outcome portal-message --note …)")
        }

        lines.append("")
        lines.append("Escalations (\(story.escalations.count))")
        for step in story.escalations {
            lines.append("  level \(step.level)  due \(Timestamp.iso(step.dueAt))  recorded \(Timestamp.iso(step.recordedAt))  → \(step.target): \(step.reason)")
        }

        lines.append("")
        lines.append("Audit (\(story.audit.count))")
        for row in story.audit {
            lines.append("  #\(row.seq)  \(Timestamp.iso(row.at))  \(row.actor)  \(row.action)  \(OutboxAuditText.text(row) ?? row.details)")
        }
        return lines
    }

    private static func queue(_ npi: String?, _ story: TaskStory) -> String {
        QueueLabel.queue(npi, names: story.providerNames)
    }

    private static func provider(_ npi: String, _ story: TaskStory) -> String {
        QueueLabel.provider(npi, names: story.providerNames)
    }
}
