import CareQueueCore
import Foundation

/// `outbox list` as a table: newest first, one row per message.
public enum OutboxTable {
    public static let header = ["ID", "TASK", "EVENT", "STATUS", "SENDS", "CREATED", "CONTROL ID", "ACK / LAST ERROR",
                                "PATIENT · TEST"]

    public static func row(_ entry: OutboxEntry) -> [String] {
        [String(entry.id), String(entry.taskID), entry.event.rawValue, entry.status.rawValue, String(entry.attempts),
         Timestamp.iso(entry.createdAt), entry.controlID, outcome(entry), "\(entry.patient) · \(entry.test)"]
    }

    /// What the EHR last said: the ACK code of a delivered message, the refusal or transport error
    /// otherwise; empty while nothing was sent.
    static func outcome(_ entry: OutboxEntry) -> String {
        switch entry.status {
        case .delivered: return entry.ackCode ?? ""
        case .failed: return entry.lastError ?? entry.ackCode ?? ""
        case .waiting, .cancelled: return entry.lastError ?? ""
        }
    }

    /// "showing the newest 50 of 132 (--limit to see more)", when the table holds fewer rows than match.
    public static func footer(shown: Int, total: Int, status: OutboxEntry.Status?) -> String? {
        guard total > shown else { return nil }
        let which = status.map { "\($0.rawValue) " } ?? ""
        return "showing the newest \(shown) of \(total) \(which)messages (--limit N shows more)"
    }
}
