import CareQueueCore
import CareQueueTUI
import Foundation
import Testing

@Suite("Charge-nurse board and the read-only wall screen")
struct BoardKeyTests {
    static let size = GridSize(width: 120, height: 40)

    @Test("one row per queue, the riskiest first (Unassigned by its risk like any queue)")
    func sorting() {
        let sorted = Board.queueRows(ViewFixture.boardRows)
        #expect(sorted.map(\.name) == ["Dr Ada Chen", "Dr Bo Okafor", "Unassigned"])
        #expect(sorted[0].critical.overdue == 2 && sorted[0].abnormal.open == 3 && sorted[0].routine.dueSoon == 1)
    }

    @Test("b opens the board and reads it with its figures; Enter on a row opens that queue")
    func boardToQueue() {
        var state = ViewFixture.state(size: Self.size)
        let effects = ViewFixture.press([.character("b")], on: &state)
        #expect(effects.first == .loadBoard)
        #expect(effects.contains { if case .loadBoardFigures = $0 { return true } else { return false } })
        #expect(state.screen == .board(cursor: 0))
        #expect(state.board.first?.key == .provider(npi: ViewFixture.chen))
        #expect(state.boardFigures == ViewFixture.boardFigures)
        let opened = ViewFixture.press([.down, .enter], on: &state)
        #expect(state.screen == .queue)
        #expect(state.selectedQueue == .provider(npi: ViewFixture.okafor))
        #expect(opened.contains(.loadPage(.provider(npi: ViewFixture.okafor), offset: 0, limit: state.visibleRows)))
        #expect(state.selectedTask?.id == 90)
    }

    @Test("the cursor stays on the board's rows; Esc goes back to the queue")
    func boardCursorAndBack() {
        var state = ViewFixture.state(size: Self.size)
        ViewFixture.press([.character("b"), .up, .end, .down, .down], on: &state)
        #expect(state.screen == .board(cursor: 2))
        ViewFixture.press([.escape], on: &state)
        #expect(state.screen == .queue)
        #expect(state.selectedQueue == .provider(npi: ViewFixture.chen))
    }

    @Test("a reload keeps the board on screen and re-reads it")
    func boardReloads() {
        var state = ViewFixture.state(size: Self.size)
        ViewFixture.press([.character("b")], on: &state)
        #expect(Dashboard.update(&state, .storeChanged).contains(.loadBoard))
    }

    @Test("--board opens on the board")
    func opensOnBoard() {
        var settings = DashboardFixture.settings
        settings.opensOnBoard = true
        let state = DashboardState(settings: settings, now: ViewFixture.now, size: Self.size)
        #expect(state.screen == .board(cursor: 0))
    }

    struct WallKey: CustomTestStringConvertible, Sendable {
        var name: String
        var key: Key
        var testDescription: String { name }
    }

    @Test("read-only: keys that change data are refused with a message and change nothing", arguments: [
        WallKey(name: "a acknowledge", key: .character("a")), WallKey(name: "f attempt", key: .character("f")),
        WallKey(name: "c close", key: .character("c")), WallKey(name: "r reassign", key: .character("r")),
        WallKey(name: "Space tag", key: .character(" ")),
    ])
    func readOnlyRefuses(_ example: WallKey) {
        var settings = DashboardFixture.settings
        settings.readOnly = true
        var state = ViewFixture.state(size: Self.size, settings: settings)
        let before = state
        let effects = Dashboard.update(&state, .keyPressed(example.key))
        #expect(effects.isEmpty)
        #expect(state.dialog == nil)
        #expect(state.tagged.isEmpty)
        #expect(state.cursor == before.cursor)
        #expect(state.message?.isError == true)
        #expect(state.message?.text.contains("Read-only") == true)
    }

    @Test("read-only: moving, the board, the detail and the filter still work")
    func readOnlyNavigates() {
        var settings = DashboardFixture.settings
        settings.readOnly = true
        var state = ViewFixture.state(size: Self.size, settings: settings)
        ViewFixture.press([.down], on: &state)
        #expect(state.cursor == 2)
        ViewFixture.press([.character("b"), .enter], on: &state)
        #expect(state.screen == .queue)
        #expect(state.selectedQueue == .provider(npi: ViewFixture.chen))
        ViewFixture.press([.enter], on: &state)
        if case .detail = state.screen {} else { Issue.record("Enter did not open the detail: \(state.screen)") }
        ViewFixture.press([.escape, .character("/")] + DashboardFixture.type("G-55"), on: &state)
        #expect(state.filter?.text == "G-55")
    }
}
