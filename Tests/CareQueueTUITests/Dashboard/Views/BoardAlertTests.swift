@testable import CareQueueTUI
import CareQueueCore
import Foundation
import Testing

/// A new critical result or a level-2 escalation flashes the board and rings the bell, as `[ui]
/// bell` says; paging turns by itself when the board is left alone.
@Suite("Board alerts and paging")
struct BoardAlertTests {
    static let size = GridSize(width: 120, height: 40)

    /// The fixture's overview with Dr Chen's unacknowledged criticals at `waiting`, the newest
    /// critical `newest`, and a level-2 escalation of task `levelTwo` in the ticker when given.
    static func overview(waiting: Int, newest: Int64?, levelTwo: Int64? = nil) -> DashboardOverview {
        var overview = DashboardFixture.overview
        overview.queues[1].criticalWaiting = waiting
        overview.criticalWaiting = waiting
        overview.newestCriticalWaitingID = newest
        if let levelTwo {
            overview.ticker.insert(TickerItem(taskID: levelTwo, at: DashboardFixture.now, level: 2, target: "supervisor",
                                              urgency: .critical, patient: "Müller, Anna", test: "Potassium",
                                              queueName: "Dr Ada Chen"), at: 0)
        }
        return overview
    }

    static func board(bell: BellPolicy = .board, kiosk: Bool = false) -> DashboardState {
        var settings = DashboardFixture.settings
        settings.bell = bell
        settings.kiosk = kiosk
        settings.opensOnBoard = true
        var state = DashboardState(settings: settings, now: DashboardFixture.now, size: size)
        _ = Dashboard.update(&state, .overviewLoaded(overview(waiting: 1, newest: 40)))
        ViewFixture.run([.loadBoard], on: &state)
        return state
    }

    @Test("the first overview is the baseline: what was there at start does not ring")
    func baseline() {
        let state = Self.board()
        #expect(state.bells == 0)
        #expect(state.alert == nil)
    }

    @Test("a new critical flashes the totals, names the queue (no patient) and rings once")
    func newCritical() {
        var state = Self.board()
        _ = Dashboard.update(&state, .overviewLoaded(Self.overview(waiting: 2, newest: 43)))
        #expect(state.bells == 1)
        #expect(state.alert?.text == "New critical result: Dr Ada Chen")
        let line = DashboardView.render(state, size: Self.size).lines.first { $0.contains("▲ New critical result") }
        #expect(line?.contains("▲ New critical result: Dr Ada Chen") == true)
        #expect(line?.contains("Müller") == false)
        // The same overview again is not news.
        _ = Dashboard.update(&state, .overviewLoaded(Self.overview(waiting: 2, newest: 43)))
        #expect(state.bells == 1)
    }

    @Test("a critical arriving while another is acknowledged still counts (a newer one)")
    func arrivalWithAcknowledgement() {
        var state = Self.board()
        _ = Dashboard.update(&state, .overviewLoaded(Self.overview(waiting: 1, newest: 44)))
        #expect(state.bells == 1)
        // Acknowledging alone (fewer waiting, no newer one) is not news.
        _ = Dashboard.update(&state, .overviewLoaded(Self.overview(waiting: 0, newest: nil)))
        #expect(state.bells == 1)
    }

    @Test("a level-2 escalation flashes and rings")
    func levelTwo() {
        var state = Self.board()
        _ = Dashboard.update(&state, .overviewLoaded(Self.overview(waiting: 1, newest: 40, levelTwo: 42)))
        #expect(state.bells == 1)
        #expect(state.alert?.text == "Level 2 escalation: Dr Ada Chen")
    }

    @Test("the flash alternates each second and ends after ten")
    func flashes() {
        var state = Self.board()
        _ = Dashboard.update(&state, .overviewLoaded(Self.overview(waiting: 2, newest: 41)))
        var lit: [Bool] = []
        for second in 0..<12 {
            _ = Dashboard.update(&state, .tick(LockFixture.at(TimeInterval(second))))
            lit.append(BoardAlerts.isLit(state))
        }
        #expect(lit == [true, false, true, false, true, false, true, false, true, false, false, false])
        #expect(state.alert == nil)
        #expect(!DashboardView.render(state, size: Self.size).cells.contains { $0.role == .boardAlert })
    }

    struct Policy: CustomTestStringConvertible, Sendable {
        var bell: BellPolicy
        var onBoard: Bool
        var rings: Bool
        var testDescription: String { "\(bell.rawValue) \(onBoard ? "on the board" : "on a queue") rings: \(rings)" }
    }

    @Test("[ui] bell: board rings only while the board is on show, always everywhere, never not at all", arguments: [
        Policy(bell: .board, onBoard: true, rings: true), Policy(bell: .board, onBoard: false, rings: false),
        Policy(bell: .always, onBoard: false, rings: true), Policy(bell: .never, onBoard: true, rings: false),
    ])
    func bellPolicy(_ example: Policy) {
        var state = Self.board(bell: example.bell)
        if !example.onBoard { ViewFixture.press([.escape], on: &state) }
        _ = Dashboard.update(&state, .overviewLoaded(Self.overview(waiting: 2, newest: 41)))
        #expect(state.bells == (example.rings ? 1 : 0))
        // Only the board flashes; news while a queue is on show is not shown when the board opens.
        #expect((state.alert != nil) == example.onBoard)
        #expect(DashboardView.render(state, size: Self.size).bells == state.bells)
    }

    /// Forty queues with one routine task each: more than a page at 80×24.
    static let manyQueues: [BoardRow] = (0..<40).map { index in
        BoardRow(key: .provider(npi: String(format: "Q%02d", index)), name: String(format: "Queue %02d", index),
                 urgency: .routine, open: 40 - index)
    }

    @Test("left alone the board turns a page every board_page_every, round again; a key restarts the wait")
    func paging() {
        var settings = DashboardFixture.settings
        settings.opensOnBoard = true
        settings.boardPageEvery = 10
        var state = DashboardState(settings: settings, now: DashboardFixture.now, size: GridSize(width: 80, height: 24))
        _ = Dashboard.update(&state, .boardLoaded(Self.manyQueues))
        let perPage = BoardLayout(size: state.size).rowsPerPage
        let pages = BoardLayout(size: state.size).pages(40)
        #expect(pages == (40 + perPage - 1) / perPage && pages > 1)
        var seen: [Int] = []
        for second in stride(from: 0, through: 10 * pages, by: 10) {
            _ = Dashboard.update(&state, .tick(LockFixture.at(TimeInterval(second))))
            seen.append(BoardPaging.page(state))
        }
        #expect(seen == Array(0..<pages) + [0, 1].prefix(seen.count - pages))
        let text = DashboardView.render(state, size: state.size).lines.joined(separator: "\n")
        #expect(text.contains("page \(BoardPaging.page(state) + 1)/\(pages)"))
        // A key (moving the cursor) holds the page for another ten seconds.
        let held = BoardPaging.page(state)
        state.now = LockFixture.at(TimeInterval(10 * pages + 5))
        _ = Dashboard.update(&state, .keyPressed(.down))
        _ = Dashboard.update(&state, .tick(LockFixture.at(TimeInterval(10 * pages + 12))))
        #expect(BoardPaging.page(state) == held)
    }
}
