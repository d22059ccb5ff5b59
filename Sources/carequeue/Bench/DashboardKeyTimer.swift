import CareQueueApp
import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation

/// Times keys in process, from `.keyPressed` through `Dashboard.update`, the store reads its effects
/// ask for (the real adapters) and the results fed back, to the frame rendered into a `CellGrid`.
/// What ncurses then does with the grid (diff and write to the tty) is not included.
@MainActor
final class DashboardKeyTimer {
    private let runtime: DashboardRuntime
    private let size: GridSize
    private(set) var state: DashboardState
    /// Cells rendered, read at the end so no frame can be optimised away.
    private(set) var cellsDrawn = 0

    init(database: CareQueueDatabase, size: GridSize, waker: Waker, access: any AccessAudit) throws {
        let clock = SystemTimeSource()
        let runner = ActionRunner(actions: DashboardActions(database: database), waker: waker)
        runtime = DashboardRuntime(data: try DashboardStoreAdapter(database: database),
                                   views: DashboardViewsAdapter(database: database), runner: runner, clock: clock,
                                   access: access)
        self.size = size
        state = DashboardState(settings: DashboardSettings(user: "bench", accountName: DashboardBenchMix.coordinator,
                                                            opensOnWorklist: true),
                               now: clock.now(), size: size)
        runtime.prepare(&state)
    }

    /// Presses `key` and renders the frame; the time in milliseconds.
    @discardableResult
    func press(_ key: Key) -> Double {
        let start = ContinuousClock.now
        _ = runtime.handle(.keyPressed(key), state: &state)
        let grid = DashboardView.render(state, size: size)
        let elapsed = (ContinuousClock.now - start).milliseconds
        cellsDrawn &+= grid.size.width * grid.size.height
        return elapsed
    }

    /// The selected queue's open-task count, for saying where the keys ran.
    var queueTotal: Int { state.page.total }
    var queueName: String { state.selectedSummary?.name ?? "?" }
    /// Find's match count as the screen shows it ("1000+" when counting stopped at its limit).
    var matchCount: String { TaskText.matchCount(state.page) }
    /// The same, split into open and closed when find searched closed tasks too ("12/1000+").
    var matchSummary: String { state.page.split.map { "\($0.open.text)/\($0.closed.text)" } ?? matchCount }

    func finish() { runtime.finish() }
}

/// The key classes of the issue, each pressed `samples` times in a pattern that keeps it within its class.
@MainActor
enum DashboardKeyClasses {
    /// Name and MRN fragments typed into find, a character at a time (`jose` and `mull` need accent folding).
    static let fragments = ["garc", "nguy", "chen", "okaf", "smit", "MRN0012", "jose", "mull"]
    /// Test names typed into find (over closed history too).
    static let testFragments = ["potass", "creat"]

    struct Timings {
        var byClass: [(name: String, samples: [Double])] = []
        var matches: [(fragment: String, count: String)] = []
        /// The slowest find keystrokes: the text typed so far and the time.
        var slowestFind: [(typed: String, ms: Double)] = []
        var queue = ""
        var worklist = ""
    }

    static func run(_ timer: DashboardKeyTimer, samples: Int, findSearches: Int) -> Timings {
        var timings = Timings()
        let page = max(2, timer.state.visibleRows)
        timings.worklist = "\(timer.queueTotal) open in mine"
        timings.byClass += worklist(timer, samples: samples, page: page)

        // Tab leaves the worklist for the provider queues; the busiest is the first after Unassigned.
        timer.press(.tab)
        let queues = timer.state.overview.queues
        for _ in queues.indices where timer.state.selectedQueue != queues.dropFirst().first?.key { timer.press(.tab) }
        let busiest = timer.queueName
        timings.queue = "\(busiest) (\(timer.queueTotal) open)"

        timings.byClass.append(("move (j)", moves(timer, samples: samples, page: page)))
        timings.byClass.append(("page (PgDn)", pages(timer, samples: samples)))

        timings.byClass.append(("queue switch (Tab)", (0..<samples).map { _ in timer.press(.tab) }))
        for _ in 0..<timer.state.overview.queues.count where timer.queueName != busiest { timer.press(.tab) }

        timings.byClass.append(("board (b)", (0..<samples).map { _ in
            defer { timer.press(.escape) }
            return timer.press(.character("b"))
        }))

        timings.byClass.append(("detail (Enter)", (0..<samples).map { index in
            defer {
                timer.press(.escape)
                timer.press(index % (page - 1) == page - 2 ? .home : .character("j"))
            }
            return timer.press(.enter)
        }))

        var find: [Double] = []
        for search in 0..<findSearches {
            let fragment = fragments[search % fragments.count]
            timer.press(.character("/"))
            var typed = ""
            for character in fragment {
                typed.append(character)
                let elapsed = timer.press(.character(character))
                find.append(elapsed)
                timings.slowestFind.append((typed, elapsed))
            }
            if search < fragments.count { timings.matches.append((fragment, timer.matchCount)) }
            timer.press(.escape)
        }
        timings.byClass.append(("each find character", find))
        timings.slowestFind = Array(timings.slowestFind.sorted { $0.ms > $1.ms }.prefix(3))
        return timings
    }

    /// The start screen's keys: moving and paging over mine and over all, then each filter key.
    private static func worklist(_ timer: DashboardKeyTimer, samples: Int, page: Int) -> [(name: String, samples: [Double])] {
        var classes: [(name: String, samples: [Double])] = []
        classes.append(("worklist, mine: move (j)", moves(timer, samples: samples, page: page)))
        classes.append(("worklist, mine: page (PgDn)", pages(timer, samples: samples)))
        timer.press(.character("m"))
        classes.append(("worklist, all: page (PgDn)", pages(timer, samples: samples)))
        // m ends on mine, the narrower read, for t and p; t cycles back to every tier.
        var mine: [Double] = (0..<samples).map { _ in timer.press(.character("m")) }
        if timer.state.worklist?.filter.mine == false { mine.append(timer.press(.character("m"))) }
        classes.append(("worklist: mine/all (m)", mine))
        var tier: [Double] = (0..<samples).map { _ in timer.press(.character("t")) }
        for _ in 0..<3 where timer.state.worklist?.filter.tier != nil { tier.append(timer.press(.character("t"))) }
        classes.append(("worklist, mine: tier (t)", tier))
        // p opens the picker (no read); the timed key is the Enter that shows the queue picked.
        let choices = timer.state.overview.queues.count + 1
        let provider: [Double] = (0..<samples).map { index in
            timer.press(.character("p"))
            timer.press(.home)
            for _ in 0..<(index % choices) { timer.press(.character("j")) }
            return timer.press(.enter)
        }
        classes.append(("worklist, mine: one queue (p … Enter)", provider))
        timer.press(.character("p"))
        timer.press(.home)
        timer.press(.enter)
        return classes
    }

    /// `samples` cursor moves down a screenful, back to the top each time it is reached.
    private static func moves(_ timer: DashboardKeyTimer, samples: Int, page: Int) -> [Double] {
        var move: [Double] = []
        while move.count < samples {
            for _ in 0..<(page - 1) where move.count < samples { move.append(timer.press(.character("j"))) }
            timer.press(.home)
        }
        return move
    }

    /// `samples` pages down, 100 at a time from the top.
    private static func pages(_ timer: DashboardKeyTimer, samples: Int) -> [Double] {
        var paging: [Double] = []
        while paging.count < samples {
            for _ in 0..<100 where paging.count < samples { paging.append(timer.press(.pageDown)) }
            timer.press(.home)
        }
        return paging
    }
}
