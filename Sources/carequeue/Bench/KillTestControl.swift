import Synchronization

/// Where the senders send and when they stop, set by the kill loop.
final class KillTestControl: Sendable {
    private struct State {
        var port: Int?
        var stopSending = false
        var aborted = false
        var sendersRunning: Int
    }

    private let state: Mutex<State>

    /// Control for `senders` sender tasks, each of which calls `senderFinished()` when it ends.
    init(senders: Int) {
        state = Mutex(State(sendersRunning: senders))
    }

    /// The current listener's port; nil from a kill until the next incarnation listens.
    var port: Int? { state.withLock { $0.port } }

    /// A new listener incarnation says it listens on `port`.
    func listening(on port: Int) {
        state.withLock { $0.port = port }
    }

    /// The listener is gone (killed or stopped): connections to its port are refused.
    func down() {
        state.withLock { $0.port = nil }
    }

    /// Senders finish the message they are delivering, then stop.
    func finishSending() { state.withLock { $0.stopSending = true } }
    var shouldStopSending: Bool { state.withLock { $0.stopSending } }

    /// The run failed: senders give up at once, answered or not.
    func abort() { state.withLock { $0.aborted = true } }
    var isAborted: Bool { state.withLock { $0.aborted } }

    /// A sender task has ended (done, failed or aborted).
    func senderFinished() { state.withLock { $0.sendersRunning -= 1 } }
    var sendersRunning: Int { state.withLock { $0.sendersRunning } }
}
