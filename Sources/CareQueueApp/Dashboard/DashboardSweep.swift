import CareQueueCore
import CareQueueStore
import Dispatch
import Foundation
import Logging
import Synchronization

/// The escalation sweep of a dashboard that runs no listener (a listener's upkeep sweeps already).
///
/// It sweeps when the store says something next falls due (an escalation threshold or a coverage
/// boundary), when told the store changed (`storeChanged`: a new Unassigned task escalates at
/// once), and at least every `longestSleep` — not on a fixed beat, so an idle dashboard sleeps.
/// Thresholds closer together than `shortestSleep` (a store of 100,000 tasks passes one every few
/// seconds) are swept together, as often as the old fixed beat at most. Sweeping is idempotent:
/// any number of processes may.
public final class DashboardSweep: Sendable {
    /// The longest sleep, so a wall clock set forward is noticed within a minute.
    public static let longestSleep: TimeInterval = 60
    /// The shortest sleep between sweeps the clock asks for (a store change still wakes at once).
    public static let shortestSleep: TimeInterval = 5
    /// After a failed sweep, or when the store names no future instant, try again this soon.
    public static let retryAfter: TimeInterval = 5

    private let database: CareQueueDatabase
    private let clock: any TimeSource
    private let logger = Logger(label: "carequeue.dashboard.sweep")
    private let state = Mutex<(started: Bool, stopped: Bool)>((false, false))
    private let wake = DispatchSemaphore(value: 0)
    /// A change was reported since the thread last woke (many reports wake it once).
    private let changed = Mutex(false)
    private let finished = DispatchSemaphore(value: 0)

    public init(database: CareQueueDatabase, clock: any TimeSource) {
        self.database = database
        self.clock = clock
    }

    /// One sweep at `now`; returns how long to sleep before the next one.
    public static func step(_ database: CareQueueDatabase, at now: Date, logger: Logger) -> TimeInterval {
        SweepRunner.run(database, at: now, logger: logger)
        guard let next = try? database.nextSweepDue(after: now) else {
            // Nothing pending will ever fall due (or the store could not say): a write wakes us.
            return longestSleep
        }
        let wait = next.timeIntervalSince(now)
        return wait > 0 ? min(wait, longestSleep) : retryAfter
    }

    /// Starts the thread (once).
    public func start() {
        let first = state.withLock { state -> Bool in
            defer { state.started = true }
            return !state.started && !state.stopped
        }
        guard first else { return }
        let thread = Thread { [self] in
            while !state.withLock({ $0.stopped }) {
                let sleep = max(Self.shortestSleep, Self.step(database, at: clock.now(), logger: logger))
                _ = wake.wait(timeout: .now() + sleep)
                changed.withLock { $0 = false }
            }
            finished.signal()
        }
        thread.name = "carequeue.sweep"
        thread.start()
    }

    /// The store changed (any process): look again now rather than at the planned time.
    public func storeChanged() {
        let first = changed.withLock { changed -> Bool in
            defer { changed = true }
            return !changed
        }
        if first { wake.signal() }
    }

    /// Stops the thread and waits for a sweep in progress. Idempotent.
    public func stop() {
        let running = state.withLock { state -> Bool in
            defer { state.stopped = true }
            return state.started && !state.stopped
        }
        guard running else { return }
        wake.signal()
        finished.wait()
    }
}
