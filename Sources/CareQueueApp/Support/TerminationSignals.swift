import Dispatch
import Foundation
import Synchronization

/// Turns SIGTERM/SIGINT into an awaitable event (handled on a Dispatch queue, not in a signal handler).
///
/// Armed before the service says READY=1, so a SIGTERM sent the moment systemd (or a test) sees
/// READY is remembered and ends `waitForTermination()` instead of being lost between the two.
public final class TerminationSignals: Sendable {
    private enum Waiting { case idle, waiting(CheckedContinuation<Void, Never>), signalled }

    private let state = Mutex(Waiting.idle)
    private let hangupHandler = Mutex<(@Sendable () -> Void)?>(nil)
    /// Created and resumed once in `init`, cancelled once; DispatchSource is itself thread-safe.
    nonisolated(unsafe) private let sources: [any DispatchSourceSignal]

    /// Takes over SIGTERM and SIGINT, and with `handlesHangup` SIGHUP (ignored until
    /// `onHangup` is set); without it SIGHUP keeps its default (the process ends).
    public init(handlesHangup: Bool = false) {
        let queue = DispatchQueue(label: "carequeue.signals")
        let hangupSignals = handlesHangup ? [SIGHUP] : []
        let numbers = hangupSignals + [SIGTERM, SIGINT]
        for number in numbers { signal(number, SIG_IGN) }
        sources = numbers.map { DispatchSource.makeSignalSource(signal: $0, queue: queue) }
        for (number, source) in zip(numbers, sources) {
            source.setEventHandler { [self] in
                if number == SIGHUP { hangupHandler.withLock { $0 }?() } else { terminate() }
            }
            source.resume()
        }
    }

    private func terminate() {
        let waiter: CheckedContinuation<Void, Never>? = state.withLock { current in
            defer { current = .signalled }
            if case .waiting(let continuation) = current { return continuation }
            return nil
        }
        waiter?.resume()
    }

    /// SIGHUP calls `handler` (one at a time, on the signal queue) while waiting goes on.
    public func onHangup(_ handler: @escaping @Sendable () -> Void) {
        hangupHandler.withLock { $0 = handler }
    }

    /// Returns at the first SIGTERM or SIGINT since `init`, at once if one already came.
    public func waitForTermination() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let alreadySignalled = state.withLock { current -> Bool in
                if case .signalled = current { return true }
                current = .waiting(continuation)
                return false
            }
            if alreadySignalled { continuation.resume() }
        }
        for source in sources { source.cancel() }
    }
}
