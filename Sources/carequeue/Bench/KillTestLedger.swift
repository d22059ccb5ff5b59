import Synchronization

/// One message a sender delivered and the answer it finally got.
struct AnsweredMessage: Sendable {
    var message: OutgoingMessage
    /// MSA-1 of the ACK that ended the resending (AA, AE…; "INVALID" when the reply was no ACK).
    var ackCode: String
    /// MSA-2 of that ACK: must be the message's own control id.
    var answeredControlID: String
    /// Times the bytes went out (a connection was open when they were sent); the first one included.
    var transmissions: Int
}

/// What the senders have done so far, shared between them and the kill loop.
final class KillTestLedger: Sendable {
    private struct State {
        var answered: [AnsweredMessage] = []
        var acknowledged = 0
        var refusedConnections = 0
    }

    private let state = Mutex(State())

    /// Records the answer that ended a message's delivery.
    func record(_ answer: AnsweredMessage) {
        state.withLock { state in
            state.answered.append(answer)
            if answer.ackCode == "AA" { state.acknowledged += 1 }
        }
    }

    /// Counts a connection attempt nobody accepted (the listener was down or restarting).
    func recordRefusedConnection() {
        state.withLock { $0.refusedConnections += 1 }
    }

    /// Messages that got AA so far: the kill loop's trigger for mid-stream kills.
    var acknowledged: Int { state.withLock { $0.acknowledged } }

    /// Every answered message, in the order the answers arrived.
    var answered: [AnsweredMessage] { state.withLock { $0.answered } }

    var refusedConnections: Int { state.withLock { $0.refusedConnections } }
}

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
