import CareQueueCore
import Foundation
import GRDB

/// `[turnaround]`'s rules as SQL over `orders o`, so the awaiting counts and the list's order are
/// one indexed read. `CareQueueConfig.Turnaround.window(for:)` is the rule; this says the same in
/// SQL (a store test holds the two to the same answers at the exact boundary).
struct AwaitingSQL {
    /// An order (or referral) still awaiting its result: not final, not cancelled.
    static let awaiting = "o.state IN ('ordered', 'preliminary')"

    let turnaround: CareQueueConfig.Turnaround

    init(_ turnaround: CareQueueConfig.Turnaround) {
        self.turnaround = turnaround
    }

    /// A CASE giving `value(window)` for `o`'s window: the referral time, else the test's own time
    /// (else the default), for a stat order no longer than `stat`. Test codes are bound, never spliced.
    func byWindow(_ value: (TimeInterval) -> any DatabaseValueConvertible) -> (sql: String, arguments: StatementArguments) {
        let tests = turnaround.tests.sorted { $0.key < $1.key }
        func byTest(_ window: (TimeInterval) -> TimeInterval) -> (String, StatementArguments) {
            var arguments: StatementArguments = []
            for (code, time) in tests { arguments += [code, value(window(time))] }
            arguments += [value(window(turnaround.defaultWindow))]
            let sql = tests.isEmpty ? "?" : "CASE o.service_code " + String(repeating: "WHEN ? THEN ? ", count: tests.count) + "ELSE ? END"
            return (sql, arguments)
        }
        let stat = byTest { min(turnaround.stat, $0) }
        let plain = byTest { $0 }
        return ("CASE WHEN o.kind = 'referral' THEN ? WHEN upper(o.priority) = 'S' THEN \(stat.0) ELSE \(plain.0) END",
                [value(turnaround.referral)] + stat.1 + plain.1)
    }

    /// `o` still unresulted at or past its expected time at `now` (as `Turnaround.isOverdue`): its
    /// order time at or before now less its window, compared as text (whole seconds, rounded down).
    func late(at now: Date) -> (sql: String, arguments: StatementArguments) {
        let threshold = byWindow { StoreTime.text(now.addingTimeInterval(-$0)) }
        return ("(o.state = 'ordered' AND o.ordered_at <= \(threshold.sql))", threshold.arguments)
    }

    /// When `o` is expected, in seconds since 1970.
    var expected: (sql: String, arguments: StatementArguments) {
        let window = byWindow { $0 }
        // unixepoch (SQLite 3.38; the system's is 3.40.1) is the cheapest date arithmetic SQLite has.
        return ("(unixepoch(o.ordered_at) + \(window.sql))", window.arguments)
    }
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
