import CareQueueCore
import Dispatch
import Foundation
import Synchronization

/// Sends coordinator actions to the store one at a time on a queue of its own, so a write that
/// waits for the store's lock never holds up the keyboard; answers come back through the waker.
public final class ActionRunner: Sendable {
    private let actions: any DashboardWrites
    private let waker: Waker
    private let queue = DispatchQueue(label: "carequeue.dashboard.actions")
    private let inbox = Mutex<[DashboardEvent]>([])

    public init(actions: any DashboardWrites, waker: Waker) {
        self.actions = actions
        self.waker = waker
    }

    /// Performs `request` as `user` at `now` in the background; wakes the loop with `.actionFinished`.
    public func submit(_ request: ActionRequest, user: String, at now: Date) {
        run { actions in
            .actionFinished(ActionReport(request: request,
                                         outcome: actions.perform(request.action, onTask: request.taskID, by: user, at: now)))
        }
    }

    /// Undoes, re-opens or adds a note in the background; wakes the loop with `.revisionFinished`.
    public func submit(_ request: RevisionRequest, user: String, at now: Date) {
        run { actions in
            let outcome: ActionOutcome
            switch request.kind {
            case .undo: outcome = actions.undoLatestAction(onTask: request.taskID, by: user, at: now)
            case .reopen(let note): outcome = actions.reopen(task: request.taskID, note: note, by: user, at: now)
            case .note(let note): outcome = actions.addNote(note, toTask: request.taskID, by: user, at: now)
            case .contactPreference(let preference):
                outcome = actions.setContactPreference(preference, forTaskOf: request.taskID, by: user, at: now)
            }
            return .revisionFinished(request, outcome)
        }
    }

    /// Resolves or replays a review-list message in the background; wakes the loop with `.reviewActionFinished`.
    public func submit(_ request: ReviewActionRequest, user: String, at now: Date) {
        run { actions in
            .reviewActionFinished(request, actions.perform(request.action, onMessage: request.messageID, by: user, at: now))
        }
    }

    /// Claims a task in the background, in order with the actions; nothing comes back.
    public func claim(task id: Int64, user: String, at now: Date, purpose: ClaimPurpose) {
        queue.async { [actions] in actions.claim(task: id, by: user, at: now, purpose: purpose) }
    }

    private func run(_ write: @escaping @Sendable (any DashboardWrites) -> DashboardEvent) {
        queue.async { [self] in
            let event = write(actions)
            inbox.withLock { $0.append(event) }
            waker.wake(.actionFinished)
        }
    }

    /// The answers that arrived since the last call, in order.
    public func takeAnswers() -> [DashboardEvent] {
        inbox.withLock { answers in
            defer { answers = [] }
            return answers
        }
    }

    /// Returns once every submitted action has been answered (on quitting, so none is lost).
    public func waitUntilIdle() {
        queue.sync {}
    }
}
