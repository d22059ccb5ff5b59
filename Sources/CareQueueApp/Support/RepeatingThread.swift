import Dispatch
import Foundation
import Synchronization

/// Runs `body` on a thread of its own, then again after the wait it returns (or a fixed
/// `interval`), until stopped; `wakeNow()` cuts a wait short. For work that must never run on the
/// UI thread or an event loop: polling the store's change signal, the escalation sweep.
public final class RepeatingThread: Sendable {
    private let name: String
    private let body: @Sendable () -> TimeInterval
    private let state = Mutex<(started: Bool, stopped: Bool)>((false, false))
    private let wake = DispatchSemaphore(value: 0)
    /// A wake-up is pending (many `wakeNow()` calls wake the thread once).
    private let woken = Mutex(false)
    private let finished = DispatchSemaphore(value: 0)

    public convenience init(name: String, interval: TimeInterval, body: @escaping @Sendable () -> Void) {
        self.init(name: name) {
            body()
            return interval
        }
    }

    /// `body` returns how long to wait before its next run.
    public init(name: String, body: @escaping @Sendable () -> TimeInterval) {
        self.name = name
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
                let wait = body()
                _ = wake.wait(timeout: .now() + wait)
                woken.withLock { $0 = false }
            }
            finished.signal()
        }
        thread.name = name
        thread.start()
    }

    /// Runs `body` now rather than after the wait in progress.
    public func wakeNow() {
        let first = woken.withLock { woken -> Bool in
            defer { woken = true }
            return !woken
        }
        if first { wake.signal() }
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
