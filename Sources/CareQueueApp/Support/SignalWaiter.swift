import Dispatch
import Foundation
import Synchronization

/// Turns SIGTERM/SIGINT into an awaitable event (handled on a Dispatch queue, not in a signal handler).
public enum SignalWaiter {
    /// Returns at the first SIGTERM or SIGINT. With `onHangup`, SIGHUP calls it (one at a time, on
    /// the signal queue) and waiting goes on; without, SIGHUP keeps its default (the process ends).
    public static func waitForTermination(onHangup: (@Sendable () -> Void)? = nil) async {
        let queue = DispatchQueue(label: "carequeue.signals")
        var sources: [any DispatchSourceSignal] = []
        if let onHangup {
            signal(SIGHUP, SIG_IGN)
            let hangup = DispatchSource.makeSignalSource(signal: SIGHUP, queue: queue)
            hangup.setEventHandler(handler: onHangup)
            hangup.resume()
            sources.append(hangup)
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumed = Mutex(false)
            for signalNumber in [SIGTERM, SIGINT] {
                signal(signalNumber, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
                source.setEventHandler {
                    let first = resumed.withLock { done in
                        defer { done = true }
                        return !done
                    }
                    if first { continuation.resume() }
                }
                source.resume()
                sources.append(source)
            }
        }
        for source in sources { source.cancel() }
    }
}
