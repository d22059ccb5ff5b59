import CareQueueCore
import CareQueueTUI
import Foundation

/// `outbox show`: one message's delivery, the message as written and the EHR's answer, with every
/// control character visible as the dashboard's raw view shows them (`<CR>` ends each segment).
public enum OutboxDetailText {
    public static func render(_ entry: OutboxEntry, message: String, at now: Date) -> [String] {
        var lines = ["Outbox \(entry.id): \(entry.event.rawValue) of task \(entry.taskID), \(entry.status.rawValue)"]
        lines.append("Patient    \(entry.patient) · \(entry.test)")
        lines.append("State      " + OutboxText.line(entry, at: now, time: Timestamp.iso))
        lines.append("Message    \(entry.messageType), control id \(entry.controlID) (every send carries it)")
        lines.append("Created    \(Timestamp.iso(entry.createdAt)); may leave from \(Timestamp.iso(entry.deliverableAt))")
        var sends = "Sends      \(entry.attempts)"
        if let last = entry.lastAttemptAt { sends += ", the last \(Timestamp.iso(last))" }
        if entry.status == .waiting, entry.attempts > 0 || entry.nextAttemptAt > entry.deliverableAt {
            sends += "; next not before \(Timestamp.iso(entry.nextAttemptAt))"
        }
        lines.append(sends)
        if let since = entry.firstFailureAt { lines.append("Failing    since \(Timestamp.iso(since))") }
        if let error = entry.lastError { lines.append("Last error \(error)") }
        if let finished = entry.finishedAt {
            lines.append("Finished   \(Timestamp.iso(finished))" + (entry.ackCode.map { " (\($0))" } ?? ""))
        }
        lines.append("")
        lines.append("Message as written")
        lines += RawMessageText.lines(Array(message.utf8)).map { "  " + $0 }
        lines.append("")
        lines.append("ACK as received")
        if let ack = entry.ack {
            lines += RawMessageText.lines(Array(ack.utf8)).map { "  " + $0 }
        } else {
            lines.append("  (none" + (entry.status == .waiting ? " yet)" : ")"))
        }
        return lines
    }
}
