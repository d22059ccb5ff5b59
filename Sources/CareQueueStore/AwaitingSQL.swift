import CareQueueCore
import Foundation
import GRDB

/// `[turnaround]`'s rules as SQL over `orders o`, so the awaiting counts and the list's order are
/// one indexed read. `CareQueueConfig.Turnaround.window(for:)` is the rule; this says the same in
/// SQL (a store test holds the two to the same answers at the exact boundary).
struct AwaitingSQL {
    /// An order (or referral) still awaiting its result: not final, not cancelled.
    static let awaiting = "o.state IN ('ordered', 'preliminary')"

    /// When `o` is expected, in seconds since 1970.
    let expected: String
    let arguments: StatementArguments

    init(_ turnaround: CareQueueConfig.Turnaround) {
        // The test's own time, else the default; bound, never spliced: test codes come from config.
        let tests = turnaround.tests.sorted { $0.key < $1.key }
        let testWindow = tests.isEmpty ? "?" : "CASE o.service_code " + String(repeating: "WHEN ? THEN ? ", count: tests.count) + "ELSE ? END"
        var testArguments: StatementArguments = []
        for (code, window) in tests { testArguments += [code, window] }
        testArguments += [turnaround.defaultWindow]
        expected = """
            (CAST(strftime('%s', o.ordered_at) AS REAL) + CASE WHEN o.kind = 'referral' THEN ? \
            WHEN upper(o.priority) = 'S' THEN min(?, \(testWindow)) ELSE \(testWindow) END)
            """
        arguments = [turnaround.referral, turnaround.stat] + testArguments + testArguments
    }

    /// 1 when `o` is still unresulted at or past its expected time at the instant bound after
    /// `arguments` (as `Turnaround.isOverdue`), else 0.
    var late: String { "(o.state = 'ordered' AND \(expected) <= ?)" }

    func lateArguments(at now: Date) -> StatementArguments { arguments + [now.timeIntervalSince1970] }
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
