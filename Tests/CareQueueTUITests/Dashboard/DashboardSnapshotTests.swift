import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

struct ScreenCase: CustomTestStringConvertible, Sendable {
    var name: String
    var size: GridSize
    var testDescription: String { "\(name) at \(size)" }
    var snapshot: String { "dashboard-\(name)-\(size.width)x\(size.height)" }
}

@Suite("Dashboard screens")
struct DashboardSnapshotTests {
    static let sizes = [GridSize(width: 80, height: 24), GridSize(width: 120, height: 40)]

    static func cases(_ name: String) -> [ScreenCase] { sizes.map { ScreenCase(name: name, size: $0) } }

    @Test("the queue view", arguments: cases("queue"))
    func queue(_ screen: ScreenCase) {
        let state = DashboardFixture.state(size: screen.size)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("the detail view", arguments: cases("detail"))
    func detail(_ screen: ScreenCase) throws {
        var state = DashboardFixture.state(size: screen.size, cursor: 0)
        _ = DashboardFixture.press([.enter], on: &state)
        let detail = try DashboardFixture.data().taskDetail(id: 42)
        _ = Dashboard.update(&state, .detailLoaded(taskID: 42, detail))
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("a task whose message was not in its declared character set says so in the detail")
    func charsetWarning() throws {
        let size = GridSize(width: 120, height: 40)
        var state = DashboardFixture.state(size: size, cursor: 0)
        _ = DashboardFixture.press([.enter], on: &state)
        var detail = try #require(try DashboardFixture.data().taskDetail(id: 42))
        detail.task.charsetWarning = "MSH-18 declares UTF-8 but the bytes are not valid UTF-8; decoded as ISO 8859-1 (Latin-1)"
        _ = Dashboard.update(&state, .detailLoaded(taskID: 42, detail))

        let lines = DashboardView.render(state, size: size).lines

        #expect(lines.contains { $0.contains("Charset     MSH-18 declares UTF-8 but the bytes are not valid UTF-8;") })
    }

    @Test("the close dialog's outcome picker (two failed attempts suggest a portal message)", arguments: cases("close-outcome"))
    func closeOutcome(_ screen: ScreenCase) {
        var state = DashboardFixture.state(size: screen.size, cursor: 2)
        _ = DashboardFixture.press([.character("c")], on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("the close dialog's note editor refusing an empty note", arguments: cases("close-note"))
    func closeNote(_ screen: ScreenCase) {
        var state = DashboardFixture.state(size: screen.size, cursor: 0)
        _ = DashboardFixture.press([.character("c"), .down, .down, .enter, .enter], on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("the note editor while typing", arguments: cases("close-typing"))
    func closeTyping(_ screen: ScreenCase) {
        var state = DashboardFixture.state(size: screen.size, cursor: 0)
        _ = DashboardFixture.press([.character("c"), .enter] + DashboardFixture.type("Called, repeat K+ ordered 患者"),
                                   on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("the failed-attempt picker", arguments: cases("attempt"))
    func attempt(_ screen: ScreenCase) {
        var state = DashboardFixture.state(size: screen.size, cursor: 0)
        _ = DashboardFixture.press([.character("f"), .down], on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("help", arguments: cases("help"))
    func help(_ screen: ScreenCase) {
        var state = DashboardFixture.state(size: screen.size)
        _ = DashboardFixture.press([.character("?")], on: &state)
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("a refusal from the core on the message line", arguments: cases("refusal"))
    func refusal(_ screen: ScreenCase) {
        var state = DashboardFixture.state(size: screen.size, cursor: 0)
        let request = ActionRequest(taskID: 42, action: .acknowledge)
        _ = Dashboard.update(&state, .actionFinished(ActionReport(
            request: request, outcome: .refused("task is already acknowledged by kim at 2026-03-01T14:01:00Z"))))
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("an empty Unassigned queue and no listener ever", arguments: cases("empty"))
    func empty(_ screen: ScreenCase) {
        var state = DashboardState(settings: DashboardFixture.settings, now: DashboardFixture.now, size: screen.size)
        _ = Dashboard.update(&state, .overviewLoaded(DashboardOverview()))
        _ = Dashboard.update(&state, .pageLoaded(QueuePage(key: .unassigned)))
        assertSnapshot(DashboardView.render(state, size: screen.size), named: screen.snapshot)
    }

    @Test("terminal too small", arguments: [GridSize(width: 79, height: 24), GridSize(width: 100, height: 23)])
    func tooSmall(_ size: GridSize) {
        let grid = DashboardView.render(DashboardFixture.state(size: size), size: size)
        assertSnapshot(grid, named: "dashboard-too-small-\(size.width)x\(size.height)")
        #expect(grid.lines.contains { $0.contains("Terminal too small") })
    }

    @Test("no escape sequence or control character from HL7 text reaches the screen", arguments: sizes)
    func sanitised(_ size: GridSize) {
        var state = DashboardFixture.state(size: size, cursor: 6)
        let grid = DashboardView.render(state, size: size)
        _ = DashboardFixture.press([.enter], on: &state)
        let detail = DashboardView.render(state, size: size)
        for line in grid.lines + detail.lines {
            #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F..<0xA0).contains($0.value) }, "\(line)")
        }
        #expect(grid.lines.contains { $0.contains("Evil") && $0.contains("Name") })
    }
}
