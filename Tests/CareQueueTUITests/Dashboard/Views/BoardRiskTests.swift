@testable import CareQueueTUI
import CareQueueCore
import Foundation
import Testing

/// The board's order as a table: each line is one queue's counts, and the expected order says
/// which risk outranks which.
@Suite("Board risk order")
struct BoardRiskTests {
    /// A queue with one tier's counts (and the others empty).
    static func queue(_ name: String, _ urgency: Urgency, open: Int = 1, overdue: Int = 0, waiting: Int = 0,
                      levelTwo: Int = 0, dueSoon: Int = 0) -> BoardRow {
        BoardRow(key: name == "Unassigned" ? .unassigned : .provider(npi: name), name: name, urgency: urgency, open: open,
                 overdue: overdue, dueSoon: dueSoon, waiting: waiting, levelTwo: levelTwo)
    }

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var rows: [BoardRow]
        var order: [String]
        var testDescription: String { name }
    }

    @Test("riskiest first", arguments: [
        Case(name: "an overdue critical outranks many unacknowledged criticals",
             rows: [queue("B", .critical, open: 9, waiting: 9), queue("A", .critical, overdue: 1, waiting: 1)],
             order: ["A", "B"]),
        Case(name: "an unacknowledged critical outranks overdue abnormals",
             rows: [queue("B", .abnormal, open: 5, overdue: 5), queue("A", .critical, waiting: 1)], order: ["A", "B"]),
        Case(name: "an acknowledged critical is no risk by itself",
             rows: [queue("B", .critical, open: 3), queue("A", .abnormal, overdue: 1)], order: ["A", "B"]),
        Case(name: "overdue abnormals outrank overdue routine tasks",
             rows: [queue("B", .routine, open: 9, overdue: 9), queue("A", .abnormal, overdue: 1)], order: ["A", "B"]),
        Case(name: "Unassigned sorts by its risk like any queue",
             rows: [queue("Unassigned", .routine, open: 1), queue("Dr Chen", .critical, overdue: 3, waiting: 3)],
             order: ["Dr Chen", "Unassigned"]),
        Case(name: "an Unassigned overdue critical comes first",
             rows: [queue("Dr Chen", .abnormal, overdue: 4), queue("Unassigned", .critical, overdue: 1)],
             order: ["Unassigned", "Dr Chen"]),
        Case(name: "level 2, then due soon, then open count, then name",
             rows: [queue("D", .routine, open: 1), queue("C", .routine, open: 5), queue("B", .routine, dueSoon: 1),
                    queue("A", .routine, levelTwo: 1)],
             order: ["A", "B", "C", "D"]),
    ])
    func order(_ example: Case) {
        #expect(Board.queueRows(example.rows).map(\.name) == example.order)
    }

    @Test("the totals: unacknowledged criticals, overdue in every tier, due soon, level 2")
    func totals() {
        let rows = Board.queueRows(ViewFixture.boardRows)
        let totals = BoardTotals(rows)
        #expect(totals == BoardTotals(criticalWaiting: 2, overdue: 3, dueSoon: 2, levelTwo: 1))
    }
}
