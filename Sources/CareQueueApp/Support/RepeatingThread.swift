import Dispatch
import Foundation
import Synchronization

/// Runs `body` on a thread of its own, then every `interval`, until stopped. For work that must
/// never run on the UI thread or an event loop: polling `data_version`, the escalation sweep.
public final class RepeatingThread: Sendable {
    private let name: String
    private let interval: TimeInterval
    private let body: @Sendable () -> Void
    private let state = Mutex<(started: Bool, stopped: Bool)>((false, false))
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    public init(name: String, interval: TimeInterval, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.interval = interval
        self.body = body
    }

    /// Starts the thread (once).
    public func start() {
        let first = state.withLock { state -> Bool in
            defer { state.started = true }
            return !state.started && !state.stopped
        }
        guard first else { return }
        let thread = Thread { [self] in
            while !state.withLock({ $0.stopped }) {
                body()
                _ = wake.wait(timeout: .now() + interval)
            }
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Stops the thread and waits for a run of `body` in progress. Idempotent.
    public func stop() {
        let running = state.withLock { state -> Bool in
            defer { state.stopped = true }
            return state.started && !state.stopped
        }
        guard running else { return }
        wake.signal()
        finished.wait()
    }
}
