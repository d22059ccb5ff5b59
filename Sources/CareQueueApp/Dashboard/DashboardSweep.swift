import CareQueueCore
import CareQueueStore
import Foundation
import Logging

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

    private let thread: RepeatingThread

    public init(database: CareQueueDatabase, clock: any TimeSource) {
        let logger = Logger(label: "carequeue.dashboard.sweep")
        thread = RepeatingThread(name: "carequeue.sweep") {
            max(Self.shortestSleep, Self.step(database, at: clock.now(), logger: logger))
        }
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
        thread.start()
    }

    /// The store changed (any process): look again now rather than at the planned time.
    public func storeChanged() {
        thread.wakeNow()
    }

    /// Stops the thread and waits for a sweep in progress. Idempotent.
    public func stop() {
        thread.stop()
    }
}
