import Foundation

/// The words for where a task's message to the EHR stands: one line per message, the same in the
/// dashboard's detail and `tasks show`. `time` writes an instant as the caller writes times.
public enum OutboxText {
    /// "close: delivered to the EHR 14:02 (AA)", "close: held until 14:02:10 (undo window), then sent
    /// to the EHR", "close: not yet delivered — EHR unreachable since 14:00, 5 sends: connection
    /// refused", "close: failed — AE: unknown patient (carequeue outbox retry 12)", "close: not sent
    /// (the action was undone)".
    public static func line(_ entry: OutboxEntry, at now: Date, time: (Date) -> String) -> String {
        let what = entry.event.rawValue
        switch entry.status {
        case .delivered:
            let when = entry.finishedAt.map { " " + time($0) } ?? ""
            return "\(what): delivered to the EHR\(when) (\(entry.ackCode ?? "AA"))"
        case .failed:
            let why = entry.lastError ?? entry.ackCode ?? "refused"
            return "\(what): failed — \(why) (carequeue outbox retry \(entry.id))"
        case .cancelled:
            return "\(what): not sent (the action was undone)"
        case .waiting:
            if entry.attempts == 0, entry.deliverableAt > now {
                return "\(what): held until \(time(entry.deliverableAt)) (undo window), then sent to the EHR"
            }
            if let since = entry.firstFailureAt {
                let sends = entry.attempts == 1 ? "1 send" : "\(entry.attempts) sends"
                let why = entry.lastError.map { ": \($0)" } ?? ""
                return "\(what): not yet delivered — EHR unreachable since \(time(since)), \(sends)\(why)"
            }
            return "\(what): sending to the EHR"
        }
    }
}
