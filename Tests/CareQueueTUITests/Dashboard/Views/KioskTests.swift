@testable import CareQueueTUI
import CareQueueCore
import Foundation
import Testing

@Suite("The kiosk wall board")
struct KioskTests {
    static var settings: DashboardSettings {
        var settings = LockFixture.settings
        settings.kiosk = true
        settings.readOnly = true
        return settings
    }

    /// The kiosk as it opens: the overview and the board read.
    static func opened(size: GridSize = GridSize(width: 120, height: 40)) -> DashboardState {
        var state = DashboardState(settings: settings, now: DashboardFixture.now, size: size)
        _ = Dashboard.update(&state, .overviewLoaded(DashboardFixture.overview))
        ViewFixture.run(Dashboard.reloads(for: state), on: &state)
        return state
    }

    @Test("it opens on the board and reads only the overview and the board, never patient rows")
    func readsCountsOnly() {
        var state = DashboardState(settings: Self.settings, now: DashboardFixture.now, size: GridSize(width: 80, height: 24))
        #expect(state.screen == .board(cursor: 0))
        let midnight = LockFixture.at(0).addingTimeInterval(-14 * 3600 - 5 * 60 - 9)
        #expect(Dashboard.update(&state, .storeChanged) == [.loadOverview, .loadBoard, .loadBoardFigures(dayStart: midnight)])
        // The figures were asked for but not answered: they are asked for again; once read, not
        // within a minute.
        _ = Dashboard.update(&state, .boardFiguresLoaded(ViewFixture.boardFigures))
        #expect(Dashboard.update(&state, .tick(LockFixture.at(30))) == [.loadOverview, .loadBoard])
        #expect(Dashboard.update(&state, .tick(LockFixture.at(61))) == [.loadOverview, .loadBoard,
                                                                        .loadBoardFigures(dayStart: midnight)])
        #expect(Dashboard.update(&state, .resized(GridSize(width: 100, height: 30))).isEmpty)
    }

    @Test("no key does anything: not q, Enter, /, nor any other a person can press; Ctrl-C ends it")
    func ignoresKeys() {
        let before = Self.opened()
        for key in KeyScreen.probes {
            var state = before
            #expect(Dashboard.update(&state, .keyPressed(key)).isEmpty, "\(key)")
            state.lastKeyAt = before.lastKeyAt
            #expect(state == before, "\(key) changed the kiosk")
        }
        var state = before
        #expect(Dashboard.update(&state, .keyPressed(.control("c"))) == [.quit])
        #expect(Dashboard.update(&state, .interrupted) == [.quit])
    }

    @Test("it never locks")
    func neverLocks() {
        var state = Self.opened()
        _ = Dashboard.update(&state, .tick(LockFixture.at(86_400)))
        #expect(state.lock == nil)
    }

    @Test("counts and provider names only: no patient in the board, the ticker or the header; the hint line offers only Ctrl-C")
    func showsNoPatient() {
        for size in DashboardSnapshotTests.sizes {
            let grid = DashboardView.render(Self.opened(size: size), size: size)
            #expect(LockFixture.patientWords(on: grid) == [], "at \(size)")
            let text = grid.lines.joined(separator: "\n")
            #expect(text.contains("Dr Ada Chen"))
            #expect(text.contains("Board · 3 queues · kiosk"))
            #expect(text.contains("4 open tasks escalated"))
            #expect(HintLineView.hints(for: Self.opened(size: size)).map { "\($0.0) \($0.1)" } == ["Ctrl-C quit"])
        }
    }

    @Test("the kiosk board", arguments: DashboardSnapshotTests.cases("kiosk"))
    func kiosk(_ screen: ScreenCase) {
        assertSnapshot(DashboardView.render(Self.opened(size: screen.size), size: screen.size), named: screen.snapshot)
    }
}
