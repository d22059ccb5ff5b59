import CareQueueTUI
import Foundation

extension RepeatingThread {
    /// Polls `changed` every `interval` (default 100 ms) and wakes the UI loop with `.storeChanged`
    /// when it says so. A failing check is skipped: the next store read reports the problem on screen.
    public static func storeWatcher(interval: TimeInterval = 0.1, waker: Waker,
                                    changed: @escaping @Sendable () throws -> Bool) -> RepeatingThread {
        RepeatingThread(name: "carequeue.store-watcher", interval: interval) {
            if (try? changed()) == true { waker.wake(.storeChanged) }
        }
    }
}
