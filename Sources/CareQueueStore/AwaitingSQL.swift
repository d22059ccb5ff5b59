import CareQueueCore
import Foundation
import GRDB

/// What awaits and what is late, as SQL over `orders o`: each order's expected time is stored with
/// it (`orders.expected_by`, the `[turnaround]` rules when it came), so late is a comparison, the
/// same one `orders list --overdue` and the sweep that makes missing-result tasks use.
enum AwaitingSQL {
    /// An order (or referral) still awaiting its result: not final, not cancelled.
    static let awaiting = "o.state IN ('ordered', 'preliminary')"

    /// `o` still unresulted at or past its expected time at `now` (as `Turnaround.isOverdue`).
    static func late(at now: Date) -> (sql: String, arguments: StatementArguments) {
        ("(o.state = 'ordered' AND o.expected_by <= ?)", [StoreTime.text(now)])
    }

    /// When `o` is expected, in seconds since 1970 (unixepoch: SQLite 3.38; the system's is 3.40.1).
    static let expected = "unixepoch(o.expected_by)"
}

/// Whose awaiting orders: everyone's, one ordering provider's, or those of no provider in a list
/// (the Unassigned queue: no ordering NPI, or one not on the roster).
public enum OrdererScope: Sendable, Hashable {
    case all
    case orderedBy(npi: String)
    case orderedByNone(of: [String])

    /// A condition on `o` and its arguments ("" for everyone).
    var condition: (sql: String, arguments: StatementArguments) {
        switch self {
        case .all:
            return ("", [])
        case .orderedBy(let npi):
            return (" AND o.ordering_npi = ?", [npi])
        case .orderedByNone(let npis):
            guard !npis.isEmpty else { return ("", []) }
            let marks = Array(repeating: "?", count: npis.count).joined(separator: ", ")
            return (" AND (o.ordering_npi IS NULL OR o.ordering_npi NOT IN (\(marks)))", StatementArguments(npis))
        }
    }
}
