import CareQueueCore
import Foundation

/// A task's story as the detail view's history lines.
public enum DashboardHistory {
    public static func lines(_ story: TaskStory) -> TaskHistory {
        TaskHistory(
            attempts: story.attemptLog.map { attempt in
                HistoryLine(at: attempt.at, who: attempt.user,
                            what: attempt.outcome.rawValue + (attempt.note.isEmpty ? "" : ": \(attempt.note)"))
            },
            escalations: story.escalations.map { escalation in
                HistoryLine(at: escalation.recordedAt, who: "",
                            what: "level \(escalation.level) → \(escalation.target): \(escalation.reason)")
            },
            audit: story.audit.map { record in
                HistoryLine(at: record.at, who: record.actor, what: auditText(record))
            })
    }

    /// "close: reached — Called patient" from the audit row's action and its details' outcome and note.
    public static func auditText(_ record: AuditRecord) -> String {
        if record.action.hasPrefix("outbox."), let text = OutboxAuditText.text(record) { return text }
        guard let data = record.details.data(using: .utf8),
              let details = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return record.action }
        var text = record.action
        if let outcome = details["outcome"] as? String { text += ": \(outcome)" }
        if let level = details["level"] as? String { text += " level \(level)" }
        if let target = details["target"] as? String { text += " → \(target)" }
        if let undone = details["undone_action"] as? String { text += ": \(undone) undone" }
        if let note = details["note"] as? String, !note.isEmpty { text += " — \(note)" }
        if details["outbox_cancelled"] != nil { text += " (its message to the EHR was not sent)" }
        return text
    }
}
