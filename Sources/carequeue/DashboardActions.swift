import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation
import Logging

// ┌────────────────────────────────────────────────────────────────────────────────────────────┐
// │ TO CONNECT when the task-lifecycle store (issue 4) is in this tree: fill in                │
// │ `LifecycleHooks.connect(to:)` below. Nothing else in the dashboard changes.                 │
// └────────────────────────────────────────────────────────────────────────────────────────────┘

/// One recorded escalation as the ticker needs it (the store's `RecordedEscalation`, field for field).
struct EscalationRow: Sendable, Equatable {
    var taskID: Int64
    var level: Int
    var dueAt: Date
    var target: String
    var reason: String
}

/// The task-lifecycle store calls the dashboard uses, gathered in one place.
///
/// Each hook is nil while the store lacks the call; the dashboard then says so instead of
/// pretending: actions are refused with a clear message and nothing changes, the ticker shows
/// critical tasks past due (derived from the tasks table), the detail view says the history is
/// not kept, and no sweep runs here.
struct LifecycleHooks: Sendable {
    /// Applies a coordinator action through the core (optimistic concurrency, audit row), or throws
    /// the refusal the user should read.
    var perform: (@Sendable (_ action: TaskAction, _ taskID: Int64, _ user: String, _ now: Date) throws -> Void)?
    /// Records the escalations due at `now` (idempotent; every dashboard runs it every few seconds).
    var sweep: (@Sendable (_ now: Date) throws -> Void)?
    /// The latest recorded escalations, newest first.
    var recentEscalations: (@Sendable (_ limit: Int) throws -> [EscalationRow])?
    /// A task's attempts, escalations and audit rows; nil for an unknown task.
    var history: (@Sendable (_ taskID: Int64) throws -> TaskHistory?)?

    /// The hooks `database` supports.
    ///
    /// With the issue-4 API (`Sources/CareQueueStore/{TaskActions,EscalationSweep,TaskStory}.swift`)
    /// these are, exactly:
    ///
    ///     LifecycleHooks(
    ///         perform: { action, id, user, now in
    ///             try database.perform(action, onTask: id, by: user, at: now)   // throws TaskActionError
    ///         },
    ///         sweep: { now in try database.runSweep(at: now) },
    ///         recentEscalations: { limit in
    ///             try database.recentEscalations(limit: limit).map {
    ///                 EscalationRow(taskID: $0.taskID, level: $0.level, dueAt: $0.dueAt, target: $0.target, reason: $0.reason)
    ///             }
    ///         },
    ///         history: { id in
    ///             try database.taskStory(id: id).map { story in
    ///                 TaskHistory(
    ///                     attempts: story.attemptLog.map {
    ///                         HistoryLine(at: $0.at, who: $0.user, what: $0.outcome.rawValue + ($0.note.isEmpty ? "" : ": \($0.note)"))
    ///                     },
    ///                     escalations: story.escalations.map {
    ///                         HistoryLine(at: $0.recordedAt, who: "", what: "level \($0.level) → \($0.target): \($0.reason)")
    ///                     },
    ///                     audit: story.audit.map { HistoryLine(at: $0.at, who: $0.user, what: "\($0.action) \($0.details)") })
    ///             }
    ///         })
    ///
    /// and the database must be opened with `CareQueueDatabase(path:access:config:)` (or `configure(_:)`
    /// called) so actions and the sweep use the configured windows and audit key.
    static func connect(to database: CareQueueDatabase) -> LifecycleHooks {
        LifecycleHooks()
    }

    /// True when coordinator actions reach the store.
    var canAct: Bool { perform != nil }
}

/// The dashboard's actions through the lifecycle hooks; a refusal is a message, never a crash.
struct DashboardActions: TaskActions {
    /// What a keypress answers while the store cannot record actions.
    static let unavailable = "this build's store cannot record coordinator actions yet; nothing was changed"

    let hooks: LifecycleHooks
    private let logger = Logger(label: "carequeue.dashboard")

    init(hooks: LifecycleHooks) {
        self.hooks = hooks
    }

    func perform(_ action: TaskAction, onTask id: Int64, by user: String, at now: Date) -> ActionOutcome {
        guard let perform = hooks.perform else { return .refused(Self.unavailable) }
        do {
            try perform(action, id, user, now)
            logger.info("task \(id): \(action.name) by \(user)")
            return .done
        } catch {
            // Refusal texts name people and times, never patients; safe to log and show.
            logger.info("task \(id): \(action.name) by \(user) refused: \(error)")
            return .refused(String(describing: error))
        }
    }
}

extension LifecycleHooks {
    /// The escalation sweep on a thread of its own every `interval` seconds, or nil without one.
    func sweeper(interval: TimeInterval = 5, clock: any TimeSource) -> RepeatingThread? {
        guard let sweep else { return nil }
        let logger = Logger(label: "carequeue.dashboard.sweep")
        return RepeatingThread(name: "carequeue.sweep", interval: interval) {
            do {
                try sweep(clock.now())
            } catch {
                logger.error("escalation sweep failed: \(error)")
            }
        }
    }
}
