import CareQueueCore
import CareQueueStore
import Dispatch
import Foundation
import Logging
import Synchronization

/// The dashboard's access audit: who looked at what, appended to the audit trail without making
/// the person wait.
///
/// `record` only appends to an in-memory queue (the UI thread calls it while someone scrolls); a
/// thread of its own writes the queue in one transaction every `flushInterval`, or sooner once
/// `batchSize` events wait. A write that fails (the database locked past its busy timeout) keeps
/// its events for the next try. `finish` writes whatever is left.
public final class AccessAuditRecorder: AccessAudit, Sendable {
    public static let flushInterval: TimeInterval = 1
    public static let batchSize = 50
    /// Events kept while the store refuses writes; beyond it the oldest are dropped (and logged),
    /// so a database locked for hours cannot exhaust memory.
    public static let maximumQueued = 100_000

    private struct Queue {
        var events: [AccessAuditEntry] = []
        var started = false
        var stopped = false
        var dropped = 0
        var failing = false
    }

    private let user: String
    private let terminal: String
    private let write: @Sendable ([AccessAuditEntry]) throws -> Void
    private let logger: Logger
    private let flushInterval: TimeInterval
    private let batchSize: Int
    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Records as `user` (the `--user` label) at `terminal`; `write` appends one batch in one
    /// transaction, all or nothing.
    public init(user: String, terminal: String, flushInterval: TimeInterval = flushInterval, batchSize: Int = batchSize,
                logger: Logger = Logger(label: "carequeue.access"),
                write: @escaping @Sendable ([AccessAuditEntry]) throws -> Void) {
        self.user = user
        self.terminal = terminal
        self.flushInterval = flushInterval
        self.batchSize = batchSize
        self.logger = logger
        self.write = write
    }

    /// Records into `database`'s audit trail (which adds this process's account to every row).
    public convenience init(database: CareQueueDatabase, user: String, terminal: String = TerminalName.standardInput()) {
        self.init(user: user, terminal: terminal) { entries in try database.appendAccess(entries) }
    }

    public func record(_ event: AccessEvent, at: Date) {
        let entry = AccessAuditEntry(event, at: at, user: user, terminal: terminal)
        let full = queue.withLock { queue -> Bool in
            queue.events.append(entry)
            if queue.events.count > Self.maximumQueued {
                queue.dropped += queue.events.count - Self.maximumQueued
                queue.events.removeFirst(queue.events.count - Self.maximumQueued)
            }
            return queue.events.count == batchSize
        }
        if full { wake.signal() }
    }

    /// Starts the writing thread (once).
    public func start() {
        let first = queue.withLock { queue -> Bool in
            defer { queue.started = true }
            return !queue.started && !queue.stopped
        }
        guard first else { return }
        let thread = Thread { [self] in
            while !queue.withLock({ $0.stopped }) {
                _ = wake.wait(timeout: .now() + flushInterval)
                flush()
            }
            finished.signal()
        }
        thread.name = "carequeue.access-audit"
        thread.start()
    }

    /// Stops the thread and writes what is still queued; what cannot be written is logged as lost.
    /// Idempotent.
    public func finish() {
        let running = queue.withLock { queue -> Bool in
            defer { queue.stopped = true }
            return queue.started && !queue.stopped
        }
        if running {
            wake.signal()
            finished.wait()
        }
        flush()
        let (lost, dropped) = queue.withLock { queue in
            defer {
                queue.events.removeAll()
                queue.dropped = 0
            }
            return (queue.events.count, queue.dropped)
        }
        if lost + dropped > 0 {
            logger.error("access audit: \(lost + dropped) event(s) could not be written to the audit trail")
        }
    }

    /// Writes everything queued in one transaction; on failure puts it back in front of anything
    /// recorded meanwhile.
    private func flush() {
        let batch = queue.withLock { queue -> [AccessAuditEntry] in
            defer { queue.events.removeAll(keepingCapacity: true) }
            return queue.events
        }
        guard !batch.isEmpty else { return }
        do {
            try write(batch)
            let recovered = queue.withLock { queue -> Bool in
                defer { queue.failing = false }
                return queue.failing
            }
            if recovered { logger.notice("access audit: writing again after a failure") }
        } catch {
            let firstFailure = queue.withLock { queue -> Bool in
                queue.events.insert(contentsOf: batch, at: 0)
                defer { queue.failing = true }
                return !queue.failing
            }
            // Once per failing stretch, not once a second; the error names the database, never a patient.
            if firstFailure {
                logger.warning("access audit: \(batch.count) event(s) not written yet, will retry: \(error)")
            }
        }
    }
}
