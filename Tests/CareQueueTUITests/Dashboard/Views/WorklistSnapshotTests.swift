import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

@Suite("Worklist screens")
struct WorklistSnapshotTests {
    @Test("the worklist across all queues: queue column, named deciding value; phone from 120 columns",
          arguments: DashboardSnapshotTests.cases("worklist"))
    func worklist(_ screen: ScreenCase) {
        var state = WorklistFixture.state(size: screen.size)
        ViewFixture.press([.character("m")], on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("the provider picker over the worklist", arguments: DashboardSnapshotTests.cases("worklist-picker"))
    func picker(_ screen: ScreenCase) {
        var state = WorklistFixture.state(size: screen.size)
        ViewFixture.press([.character("t"), .character("p"), .down], on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("the header of the table says which view and filters are on")
    func title() {
        let size = GridSize(width: 120, height: 40)
        var state = WorklistFixture.state(size: size)
        ViewFixture.press([.character("t")], on: &state)
        let top = DashboardView.render(state, size: size).lines[1]
        #expect(top.contains("Worklist · mine · critical · 0 open"))
        ViewFixture.press([.character("m")], on: &state)
        #expect(DashboardView.render(state, size: size).lines[1].contains("Worklist · all · critical · 2 open"))
    }

    @Test("at 80 columns Age and Due stay and the test is cut; at 120 the phone is a column")
    func columns() {
        let narrow = GridSize(width: 80, height: 24), wide = GridSize(width: 120, height: 40)
        var state = WorklistFixture.state(size: narrow)
        ViewFixture.press([.character("m")], on: &state)
        let header = DashboardView.render(state, size: narrow).lines[2]
        #expect(header.contains("Age") && header.contains("Due") && header.contains("Value"))
        #expect(!header.contains("Test") && !header.contains("Phone"))
        ViewFixture.run(Dashboard.update(&state, .resized(wide)), on: &state)
        let lines = DashboardView.render(state, size: wide).lines
        #expect(lines[2].contains("Phone") && lines[2].contains("Queue"))
        #expect(lines.contains { $0.contains("Potassium 6.8 HH") && $0.contains("(555) 010-1042") })
    }
}
