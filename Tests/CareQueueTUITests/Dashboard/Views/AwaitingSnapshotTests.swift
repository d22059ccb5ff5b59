import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

@Suite("Awaiting screens")
struct AwaitingSnapshotTests {
    @Test("the awaiting view of Dr Chen's queue: late first, expected by or how late, escapes stripped",
          arguments: DashboardSnapshotTests.cases("awaiting"))
    func view(_ screen: ScreenCase) {
        var state = AwaitingFixture.state(size: screen.size)
        ViewFixture.press([.character("o"), .down, .down, .down], on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("every queue's awaiting orders, with their queue", arguments: DashboardSnapshotTests.cases("awaiting-all"))
    func all(_ screen: ScreenCase) {
        var state = AwaitingFixture.state(size: screen.size)
        ViewFixture.press([.character("b"), .character("o")], on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("the per-queue awaiting count: the queue's title at 80 and 120 columns, a column too at 150",
          arguments: DashboardSnapshotTests.cases("awaiting-count") + [ScreenCase(name: "awaiting-count", size: GridSize(width: 150, height: 40))])
    func count(_ screen: ScreenCase) {
        let state = AwaitingFixture.state(size: screen.size)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("the count reads ⌛5 (2 late) in the title; the column only where names keep their room")
    func countText() {
        let narrow = GridSize(width: 120, height: 40), wide = GridSize(width: 150, height: 40)
        let small = DashboardView.render(AwaitingFixture.state(size: narrow), size: narrow).lines
        #expect(small[1].contains("Dr Ada Chen · 7 open · 2 overdue · ⌛5 (2 late)"))
        #expect(!small[2].contains("⌛") && small[5].contains("Dr Bo Okafor"))
        let large = DashboardView.render(AwaitingFixture.state(size: wide), size: wide).lines
        #expect(large[2].contains("crit  ⌛"))
        #expect(large[4].contains("7    2    2  5!"))
        #expect(large[5].contains("1    0    0  1!"))
        // Nothing awaiting anywhere: no column, no badge (the screen as before).
        let plain = DashboardView.render(DashboardFixture.state(size: wide), size: wide).lines
        #expect(!plain[2].contains("⌛") && !plain[1].contains("⌛"))
    }

    @Test("the status line tells the selected order's whole story")
    func statusLine() {
        let size = GridSize(width: 120, height: 40)
        var state = AwaitingFixture.state(size: size)
        ViewFixture.press([.character("o"), .down], on: &state)
        let line = DashboardView.render(state, size: size).lines[37]
        #expect(line.contains("P-2001 Potassium · Müller, Anna (M-100234) · ordered 03-01 11:35 by Dr Ada Chen"))
        #expect(line.contains(" · expected 03-01 13:35, late 30 min"))
    }
}
