import Foundation
import Synchronization

/// Counters the heartbeat publishes and `drain` waits on. Thread-safe.
public final class ListenerStats: Sendable {
    private struct State {
        var inFlight = 0
        var messagesToday = 0
        var day: DateComponents?
        var lastMessageAt: Date?
        var connections = 0
    }

    private let state = Mutex(State())
    private let calendar: Calendar

    public init(timeZone: TimeZone = .current) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// A frame arrived and was handed to the store.
    func messageReceived(at date: Date) {
        let day = calendar.dateComponents([.year, .month, .day], from: date)
        state.withLock { state in
            if state.day != day {
                state.day = day
                state.messagesToday = 0
            }
            state.messagesToday += 1
            state.lastMessageAt = date
            state.inFlight += 1
        }
    }

    /// Its ACK was written (or it needed none).
    func messageAnswered() {
        state.withLock { $0.inFlight -= 1 }
    }

    func connectionOpened() { state.withLock { $0.connections += 1 } }
    func connectionClosed() { state.withLock { $0.connections -= 1 } }

    /// Messages received but not yet answered.
    public var inFlight: Int { state.withLock { $0.inFlight } }
    public var connections: Int { state.withLock { $0.connections } }

    /// Messages since local midnight of `now`, and when the last one arrived.
    public func today(at now: Date) -> (count: Int, lastMessageAt: Date?) {
        let day = calendar.dateComponents([.year, .month, .day], from: now)
        return state.withLock { state in (state.day == day ? state.messagesToday : 0, state.lastMessageAt) }
    }
}
