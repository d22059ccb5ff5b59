import Synchronization

/// The bytes all connections may hold in memory together (`[listener] max_buffered_bytes`).
///
/// A connection takes a share before it reads a frame larger than its small free allowance and
/// gives it back once that frame's message is answered. A share too large for what is left waits
/// in line: its connection stops reading and its sender's bytes stay in the kernel. A share is
/// never larger than the whole budget and a granted share always lets its frame finish, so
/// every waiter is eventually served: nothing deadlocks.
final class BufferBudget: Sendable {
    typealias Waiter = @Sendable () -> Void

    private struct State {
        var available: Int
        var nextTicket = 0
        var queue: [(ticket: Int, bytes: Int, granted: Waiter)] = []
    }

    let capacity: Int
    private let state: Mutex<State>

    init(capacity: Int) {
        self.capacity = capacity
        state = Mutex(State(available: capacity))
    }

    enum Reservation: Equatable {
        /// The bytes are taken.
        case granted
        /// Queued: `granted` runs (on the releasing thread) once the bytes are taken for the caller.
        case queued(ticket: Int)
    }

    /// Takes `bytes` (at most the capacity) now when nobody waits before us, else queues.
    func reserve(_ bytes: Int, whenGranted granted: @escaping Waiter) -> Reservation {
        let bytes = min(bytes, capacity)
        return state.withLock { state in
            if state.queue.isEmpty, state.available >= bytes {
                state.available -= bytes
                return .granted
            }
            state.nextTicket += 1
            state.queue.append((state.nextTicket, bytes, granted))
            return .queued(ticket: state.nextTicket)
        }
    }

    /// Leaves the line (a connection closed while waiting); false when the grant already happened.
    func cancel(ticket: Int) -> Bool {
        state.withLock { state in
            guard let index = state.queue.firstIndex(where: { $0.ticket == ticket }) else { return false }
            state.queue.remove(at: index)
            return true
        }
    }

    /// Gives bytes back and serves the waiters at the head of the line, in order.
    func release(_ bytes: Int) {
        let served: [Waiter] = state.withLock { state in
            state.available = min(capacity, state.available + bytes)
            var served: [Waiter] = []
            while let first = state.queue.first, first.bytes <= state.available {
                state.available -= first.bytes
                served.append(first.granted)
                state.queue.removeFirst()
            }
            return served
        }
        for granted in served { granted() }
    }

    var availableBytes: Int { state.withLock { $0.available } }
    var waiting: Int { state.withLock { $0.queue.count } }
}
