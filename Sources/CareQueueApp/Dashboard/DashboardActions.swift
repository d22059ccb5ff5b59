import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation
import Logging

/// The dashboard's coordinator actions: the same store call as `carequeue tasks ack|attempt|close`
/// (lifecycle rules, optimistic concurrency, an audit row). A refusal is a message, never a crash.
public struct DashboardActions: DashboardWrites {
    public let database: CareQueueDatabase
    /// The new clock of a re-opened task.
    public let windows: CareQueueConfig.Windows
    /// How long a claim lasts (`[ui] claim_for`).
    public let claimFor: TimeInterval
    private let logger = Logger(label: "carequeue.dashboard")

    public init(database: CareQueueDatabase, windows: CareQueueConfig.Windows = .init(), claimFor: TimeInterval = 300) {
        self.database = database
        self.windows = windows
        self.claimFor = claimFor
    }

    public func perform(_ action: TaskAction, onTask id: Int64, by user: String, at now: Date) -> ActionOutcome {
        outcome(of: action.name, onTask: id, by: user) {
            _ = try database.perform(action, onTask: id, by: user, at: now)
        }
    }

    public func undoLatestAction(onTask id: Int64, by user: String, at now: Date) -> ActionOutcome {
        outcome(of: "undo", onTask: id, by: user) {
            try database.undoLatestAction(onTask: id, by: user, at: now)
        }
    }

    public func reopen(task id: Int64, note: String, by user: String, at now: Date) -> ActionOutcome {
        outcome(of: "reopen", onTask: id, by: user) {
            try database.reopen(task: id, note: note, by: user, at: now, windows: windows)
        }
    }

    public func addNote(_ note: String, toTask id: Int64, by user: String, at now: Date) -> ActionOutcome {
        outcome(of: "note", onTask: id, by: user) {
            try database.addNote(note, toTask: id, by: user, at: now)
        }
    }

    public func setContactPreference(_ preference: ContactPreference, forTaskOf id: Int64, by user: String,
                                     at now: Date) -> ActionOutcome {
        outcome(of: "contact preference", onTask: id, by: user) {
            try database.setContactPreference(preference, forTaskOf: id, by: user, at: now)
        }
    }

    public func claim(task id: Int64, by user: String, at now: Date, purpose: ClaimPurpose) {
        do {
            try database.claim(task: id, by: user, at: now, for: claimFor, purpose: purpose)
        } catch {
            // Only the warning to other dashboards is lost; the next opening or action claims again.
            logger.info("task \(id): claim by \(user) not written: \(error)")
        }
    }

    /// Runs `write`, logging it; a thrown error becomes the refusal the message line shows.
    private func outcome(of name: String, onTask id: Int64, by user: String,
                         _ write: () throws -> Void) -> ActionOutcome {
        do {
            try write()
            logger.info("task \(id): \(name) by \(user)")
            return .done
        } catch {
            // Refusals name people and times ("already closed by kim at …"), never patients.
            logger.info("task \(id): \(name) by \(user) refused: \(error)")
            return .refused(String(describing: error))
        }
    }
}
