import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation
import Logging

/// The dashboard's coordinator actions: the same store call as `carequeue tasks ack|attempt|close`
/// (lifecycle rules, optimistic concurrency, an audit row). A refusal is a message, never a crash.
public struct DashboardActions: TaskActions {
    public let database: CareQueueDatabase
    private let logger = Logger(label: "carequeue.dashboard")

    public init(database: CareQueueDatabase) {
        self.database = database
    }

    public func perform(_ action: TaskAction, onTask id: Int64, by user: String, at now: Date) -> ActionOutcome {
        do {
            _ = try database.perform(action, onTask: id, by: user, at: now)
            logger.info("task \(id): \(action.name) by \(user)")
            return .done
        } catch {
            // Refusals name people and times ("already closed by kim at …"), never patients.
            logger.info("task \(id): \(action.name) by \(user) refused: \(error)")
            return .refused(String(describing: error))
        }
    }
}
