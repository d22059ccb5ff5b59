import CareQueueCore
import Foundation

/// The charge-nurse board's order and its one rule of thumb.
public enum Board {
    /// "Due within 15 min" on the board.
    public static let dueSoonWindow: TimeInterval = 15 * 60

    /// Unassigned first, then the most overdue, then most escalated, then by name and tier
    /// (critical first).
    public static func sorted(_ rows: [BoardRow]) -> [BoardRow] {
        rows.sorted { a, b in
            let aUnassigned = a.key == .unassigned, bUnassigned = b.key == .unassigned
            if aUnassigned != bUnassigned { return aUnassigned }
            if a.overdue != b.overdue { return a.overdue > b.overdue }
            if a.escalated != b.escalated { return a.escalated > b.escalated }
            if a.name.lowercased() != b.name.lowercased() { return a.name.lowercased() < b.name.lowercased() }
            return tierRank(a.urgency) < tierRank(b.urgency)
        }
    }

    static func tierRank(_ urgency: Urgency) -> Int {
        switch urgency {
        case .critical: return 0
        case .abnormal: return 1
        case .routine: return 2
        }
    }
}
