import CareQueueCore
import CareQueueServer
import CareQueueStore
import Dispatch
import Foundation
import Logging
import Synchronization

/// Background work a running listener owes the dashboards: the heartbeat row every few seconds.
/// Runs on its own queue, never on an event loop.
final class Upkeep: Sendable {
    static let interval: DispatchTimeInterval = .seconds(3)

    private let database: CareQueueDatabase
    private let listener: MLLPListener
    private let clock: any TimeSource
    private let queue = DispatchQueue(label: "carequeue.upkeep")
    private let timer = Mutex<(any DispatchSourceTimer)?>(nil)
    private let startedAt: Date
    private let logger = Logger(label: "carequeue.upkeep")

    init(database: CareQueueDatabase, listener: MLLPListener, clock: any TimeSource) {
        self.database = database
        self.listener = listener
        self.clock = clock
        startedAt = clock.now()
    }

    func start(address: String) {
        let source = DispatchSource.makeTimerSource(queue: queue)
        source.schedule(deadline: .now(), repeating: Self.interval)
        source.setEventHandler { [self] in beat(address: address) }
        timer.withLock { $0 = source }
        source.resume()
    }

    func stop() {
        timer.withLock { timer in
            timer?.cancel()
            timer = nil
        }
        queue.sync {}
    }

    private func beat(address: String) {
        let now = clock.now()
        let today = listener.stats.today(at: now)
        do {
            try database.writeHeartbeat(Heartbeat(address: address, pid: getpid(), startedAt: startedAt, beatAt: now,
                                                  messagesToday: today.count, lastMessageAt: today.lastMessageAt))
        } catch {
            logger.error("heartbeat not written: \(error)")
        }
    }
}
