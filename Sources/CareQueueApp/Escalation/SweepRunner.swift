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
                // Counts only: a refused message's reason may quote its header, which stays out of the log.
                let counts = "\(report.escalations.count) escalations recorded, \(report.moves.count) tasks moved for coverage, "
                    + "\(report.refusedMessages.count) review-list messages escalated"
                logger.info("sweep: \(counts)")
            }
        } catch {
            logger.error("escalation sweep failed: \(error)")
        }
    }
}
