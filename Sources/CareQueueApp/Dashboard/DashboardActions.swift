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
    /// What a review-list replay takes messages in under (`[listener] processing_ids`), as `review replay`.
    public let config: CareQueueConfig
    private let logger = Logger(label: "carequeue.dashboard")

    public init(database: CareQueueDatabase, windows: CareQueueConfig.Windows = .init(), claimFor: TimeInterval = 300,
                config: CareQueueConfig = CareQueueConfig()) {
        self.database = database
        self.windows = windows
        self.claimFor = claimFor
        self.config = config
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

    /// `review resolve` or `review replay` on message `id`: the same store call, audited the same way.
    public func perform(_ action: ReviewAction, onMessage id: Int64, by user: String, at now: Date) -> ReviewActionOutcome {
        let name: String
        let outcome: ReviewActionOutcome
        do {
            switch action {
            case .resolve(let note):
                name = "resolve"
                let note = note.trimmingCharacters(in: .whitespaces)
                guard !UntrustedText.isBlank(note) else { return .refused("a note must say why the message is resolved") }
                outcome = ReviewOutcomeText.resolve(id, note: note, try database.resolveReviewMessage(id: id, note: note,
                                                                                                      user: user, at: now))
            case .replay:
                name = "replay"
                outcome = ReviewOutcomeText.replay(id, try database.replayReviewMessage(id: id, config: config, user: user,
                                                                                        at: now))
            }
        } catch {
            logger.info("message \(id): review action by \(user) failed: \(error)")
            return .refused(String(describing: error))
        }
        // The outcome's text may quote the message's header: the log says only what was asked and whether it went.
        if case .done = outcome {
            logger.info("message \(id): \(name) by \(user)")
        } else {
            logger.info("message \(id): \(name) by \(user) refused")
        }
        return outcome
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
