import Dispatch
import Foundation
import Synchronization

/// Turns SIGTERM/SIGINT into an awaitable event (handled on a Dispatch queue, not in a signal handler).
public enum SignalWaiter {
    public static func waitForTermination() async {
        let queue = DispatchQueue(label: "carequeue.signals")
        var sources: [any DispatchSourceSignal] = []
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
