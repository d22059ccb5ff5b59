import CareQueueCore
import CareQueueApp
import CareQueueStore
import CareQueueTUI
import Foundation
import Logging

/// The dashboard's coordinator actions: the same store call as `carequeue tasks ack|attempt|close`
/// (lifecycle rules, optimistic concurrency, an audit row). A refusal is a message, never a crash.
struct DashboardActions: TaskActions {
    let database: CareQueueDatabase
    private let logger = Logger(label: "carequeue.dashboard")

    init(database: CareQueueDatabase) {
        self.database = database
    }

    func perform(_ action: TaskAction, onTask id: Int64, by user: String, at now: Date) -> ActionOutcome {
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

/// The escalation sweep of a dashboard that runs no listener (a listener's upkeep sweeps already).
enum DashboardSweep {
    /// How often: "every few seconds", like the listener's upkeep.
    static let interval: TimeInterval = 5

    /// A thread running `runSweep` every `interval`; idempotent, so any number of processes may.
    static func thread(database: CareQueueDatabase, clock: any TimeSource) -> RepeatingThread {
        let logger = Logger(label: "carequeue.dashboard.sweep")
        return RepeatingThread(name: "carequeue.sweep", interval: interval) {
            SweepRunner.run(database, at: clock.now(), logger: logger)
        }
    }
}

/// A task's story as the detail view's history lines.
enum DashboardHistory {
    static func lines(_ story: TaskStory) -> TaskHistory {
        TaskHistory(
            attempts: story.attemptLog.map { attempt in
                HistoryLine(at: attempt.at, who: attempt.user,
                            what: attempt.outcome.rawValue + (attempt.note.isEmpty ? "" : ": \(attempt.note)"))
            },
            escalations: story.escalations.map { escalation in
                HistoryLine(at: escalation.recordedAt, who: "",
                            what: "level \(escalation.level) → \(escalation.target): \(escalation.reason)")
            },
            audit: story.audit.map { record in
                HistoryLine(at: record.at, who: record.user, what: auditText(record))
            })
    }

    /// "close: reached — Called patient" from the audit row's action and its details' outcome and note.
    static func auditText(_ record: AuditRecord) -> String {
        guard let data = record.details.data(using: .utf8),
              let details = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return record.action }
        var text = record.action
        if let outcome = details["outcome"] as? String { text += ": \(outcome)" }
        if let level = details["level"] as? String { text += " level \(level)" }
        if let target = details["target"] as? String { text += " → \(target)" }
        if let note = details["note"] as? String, !note.isEmpty { text += " — \(note)" }
        return text
    }
}
