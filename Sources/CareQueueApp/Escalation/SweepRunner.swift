import CareQueueCore
import CareQueueStore
import Foundation
import Logging

/// One escalation sweep with its log line: shared by the listener's upkeep and a dashboard without one.
public enum SweepRunner {
    public static func run(_ database: CareQueueDatabase, at now: Date, logger: Logger) {
        do {
            let report = try database.runSweep(at: now)
            if !report.isEmpty {
                logger.info("sweep: \(report.escalations.count) escalations recorded, \(report.moves.count) tasks moved for coverage")
            }
        } catch {
            logger.error("escalation sweep failed: \(error)")
        }
    }
}
