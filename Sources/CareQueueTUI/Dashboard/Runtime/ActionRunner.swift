import CareQueueCore
import Dispatch
import Foundation
import Synchronization

/// Sends coordinator actions to the store one at a time on a queue of its own, so a write that
/// waits for the store's lock never holds up the keyboard; answers come back through the waker.
public final class ActionRunner: Sendable {
    private let actions: any TaskActions
    private let waker: Waker
    private let queue = DispatchQueue(label: "carequeue.dashboard.actions")
    private let inbox = Mutex<[ActionReport]>([])

    public init(actions: any TaskActions, waker: Waker) {
        self.actions = actions
        self.waker = waker
    }

    /// Performs `request` as `user` at `now` in the background; wakes the loop with `.actionFinished`.
    public func submit(_ request: ActionRequest, user: String, at now: Date) {
        queue.async { [self] in
            let outcome = actions.perform(request.action, onTask: request.taskID, by: user, at: now)
            inbox.withLock { $0.append(ActionReport(request: request, outcome: outcome)) }
            waker.wake(.actionFinished)
        }
    }

    /// The answers that arrived since the last call, in order.
    public func takeReports() -> [ActionReport] {
        inbox.withLock { reports in
            defer { reports = [] }
            return reports
        }
    }

    /// Returns once every submitted action has been answered (on quitting, so none is lost).
    public func waitUntilIdle() {
        queue.sync {}
    }
}
