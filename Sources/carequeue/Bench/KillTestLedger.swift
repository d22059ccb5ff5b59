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
