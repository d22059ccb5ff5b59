import CareQueueCore
import CareQueueStore
import Foundation
import Logging

/// The escalation sweep of a dashboard that runs no listener (a listener's upkeep sweeps already).
public enum DashboardSweep {
    /// How often: "every few seconds", like the listener's upkeep.
    public static let interval: TimeInterval = 5

    /// A thread running `runSweep` every `interval`; idempotent, so any number of processes may.
    public static func thread(database: CareQueueDatabase, clock: any TimeSource) -> RepeatingThread {
        let logger = Logger(label: "carequeue.dashboard.sweep")
        return RepeatingThread(name: "carequeue.sweep", interval: interval) {
            SweepRunner.run(database, at: clock.now(), logger: logger)
        }
    }
}
