import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

@Suite("Six-digit counts fit the queue list and the board")
struct LargeCountTests {
    static let sizes = [GridSize(width: 80, height: 24), GridSize(width: 120, height: 40)]

    @Test("every count in the queue list shows whole, up to 999,999", arguments: sizes)
    func queueList(size: GridSize) {
        var state = DashboardFixture.state(size: size)
        state.overview.queues = [
            QueueSummary(key: .unassigned, name: "Unassigned", open: 999_999, overdue: 999_998, critical: 999_997),
            QueueSummary(key: .provider(npi: DashboardFixture.chen), name: "Dr Ada Chen", open: 152_340, overdue: 98_765,
                         critical: 4_321),
            QueueSummary(key: .provider(npi: DashboardFixture.okafor), name: "Dr Bo Okafor", open: 7, overdue: 0,
                         critical: 0),
        ]
        let grid = DashboardView.render(state, size: size)
        let rows = (0..<size.height).map { grid.text(row: $0) }
        #expect(rows.contains { $0.contains("999999 999998 999997") })
        #expect(rows.contains { $0.contains("152340  98765   4321") })
        // The name gives way, never a count.
        #expect(rows.contains { $0.contains("│Una") && $0.contains("… 999999 999998 999997") })
        #expect(!rows.contains { $0.contains("9…") || $0.contains("1…") })
    }

    @Test("every count on the board shows whole, up to 999,999", arguments: sizes)
    func board(size: GridSize) {
        var state = DashboardFixture.state(size: size)
        _ = Dashboard.update(&state, .keyPressed(.character("b")))
        _ = Dashboard.update(&state, .boardLoaded([
            BoardRow(key: .unassigned, name: "Unassigned", urgency: .critical, open: 999_999, overdue: 999_998,
                     escalated: 999_997, dueSoon: 999_996, waiting: 999_995, levelTwo: 999_994),
            BoardRow(key: .unassigned, name: "Unassigned", urgency: .abnormal, open: 899_999, overdue: 899_998),
            BoardRow(key: .unassigned, name: "Unassigned", urgency: .routine, open: 799_999, overdue: 799_998),
        ]))
        let grid = DashboardView.render(state, size: size)
        let rows = (0..<size.height).map { grid.text(row: $0) }
        let row = rows.first { $0.contains("Unas") } ?? ""
        for count in ["999999", "999995", "999998", "899999", "899998", "799999", "799998", "999994", "999996"] {
            #expect(row.contains(count), "\(row)")
        }
        #expect(!row.contains("9…") && !row.contains("8…"), "\(row)")
        // The totals: too wide for large digits in their fifth of the screen, so plain and whole.
        let totals = rows.first { $0.contains("999995") && !$0.contains("Unas") } ?? ""
        for count in ["999995", "2699994", "999996", "999994"] { #expect(totals.contains(count), "\(totals)") }
    }
}
