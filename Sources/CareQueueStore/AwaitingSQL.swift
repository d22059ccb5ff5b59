import CareQueueCore
import Foundation

/// What awaits and what is late, as SQL over `orders o`: each order's expected time is stored with
/// it (`orders.expected_by`, the `[turnaround]` rules when it came), so late is a comparison, the
/// same one `orders list --overdue` and the sweep that makes missing-result tasks use.
enum AwaitingSQL {
    /// An order (or referral) still awaiting its result: not final, not cancelled.
    static let awaiting = "o.state IN ('ordered', 'preliminary')"

    /// 1 when `o` is still unresulted at or past its expected time at `now` (as
    /// `Turnaround.isOverdue`), else 0 — a number on both engines, to sum and sort by; `value` is
    /// its one bound value.
    static func late(at now: Date) -> (sql: String, value: String) {
        ("CASE WHEN o.state = 'ordered' AND o.expected_by <= ? THEN 1 ELSE 0 END", StoreTime.text(now))
    }
}

/// Whose awaiting orders: everyone's, one ordering provider's, or those of no provider in a list
/// (the Unassigned queue: no ordering NPI, or one not on the roster).
public enum OrdererScope: Sendable, Hashable {
    case all
    case orderedBy(npi: String)
    case orderedByNone(of: [String])

    /// A condition on `o` and its values ("" for everyone).
    var condition: (sql: String, values: [String]) {
        switch self {
        case .all:
            return ("", [])
        case .orderedBy(let npi):
            return (" AND o.ordering_npi = ?", [npi])
        case .orderedByNone(let npis):
            guard !npis.isEmpty else { return ("", []) }
            let marks = Array(repeating: "?", count: npis.count).joined(separator: ", ")
            return (" AND (o.ordering_npi IS NULL OR o.ordering_npi NOT IN (\(marks)))", npis)
        }
    }
}
