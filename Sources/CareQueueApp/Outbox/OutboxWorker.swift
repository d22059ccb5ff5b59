import CareQueueCore
import CareQueueStore
import Dispatch
import Foundation
import Logging
import MLLP
import NIOCore
import Synchronization

/// Sends the outbox to the `[outbound]` EHR: one row at a time in delivery order over one MLLP
/// connection, each ACK awaited (stop-and-wait), the verdict recorded before the next row goes.
///
/// Runs in the listener, and in a dashboard (the one without a listener does the work); only the
/// holder of the delivery lease (`DeliveryLease`: a file lock on SQLite, a session lock on
/// PostgreSQL, across hosts) delivers, so two processes never send the same row. Every send of a
/// row carries the control id written with it, so a resend after a timeout, a dropped connection
/// or a restart is one the EHR can recognise as a duplicate.
public final class OutboxWorker: Sendable {
    /// How often an idle worker looks for new rows (rows are held for the undo window, so this
    /// bounds the delay after it).
    public static let pollInterval: TimeInterval = 0.5
    /// How often a worker without the lease tries for it.
    public static let lockRetry: TimeInterval = 2

    private let database: CareQueueDatabase
    private let settings: CareQueueConfig.Outbound
    private let clock: any TimeSource
    private let client: MLLPClient
    private let lease: any DeliveryLease
    private let logger: Logger
    private let thread = Mutex<RepeatingThread?>(nil)
    private let state = Mutex(WorkerState())

    private struct WorkerState {
        var stopping = false
        var holdsLock = false
        /// The transport failure last logged, so a lasting outage is logged once, not every retry.
        var failingSince: Date?
        var lockProblem: String?
        /// Deliveries recorded since the audit anchor was last written.
        var unanchored = false
    }

    /// Throws `CommandFailure` when the TLS files cannot be read. `lease` is the store's
    /// (`CareQueueDatabase.deliveryLease()`) unless a test says otherwise.
    public init(database: CareQueueDatabase, settings: CareQueueConfig.Outbound, clock: any TimeSource,
                lease: (any DeliveryLease)? = nil,
                logger: Logger = Logger(label: "carequeue.outbox")) throws(CommandFailure) {
        self.database = database
        self.settings = settings
        self.clock = clock
        self.logger = logger
        let tls = try SendTLSSetup.clientTLS(enabled: settings.usesTLS, ca: settings.tlsCA,
                                             certificate: settings.tlsCertificate, key: settings.tlsPrivateKey,
                                             names: .outbound)
        client = MLLPClient(host: settings.host, port: settings.port, tls: tls)
        self.lease = lease ?? database.deliveryLease()
    }

    /// Starts the delivery thread (once).
    public func start() {
        let repeating = RepeatingThread(name: "carequeue.outbox") { [self] in step() }
        let first = thread.withLock { current -> Bool in
            guard current == nil else { return false }
            current = repeating
            return true
        }
        if first { repeating.start() }
    }

    /// Stops delivering: a send waiting for its ACK is cut short (the row is sent again, under the
    /// same control id, by whoever delivers next), the thread is joined and the lease let go.
    public func stop() {
        state.withLock { $0.stopping = true }
        let client = client
        Task { await client.close() }
        thread.withLock { $0 }?.stop()
        anchorIfNeeded()
        lease.release()
        state.withLock { $0.holdsLock = false }
    }

    /// True while this process is the one delivering.
    public var isDelivering: Bool { state.withLock { $0.holdsLock } }

    /// One turn: take the lease if needed, then send the next row that may leave; returns how long
    /// to wait before the next turn.
    func step() -> TimeInterval {
        guard !state.withLock({ $0.stopping }) else { return Self.lockRetry }
        guard holdLock() else { return Self.lockRetry }
        let now = clock.now()
        let due: OutboxDue
        do {
            due = try database.nextOutboxDue(at: now)
        } catch {
            logger.error("outbox: cannot read the outbox: \(error)")
            return Self.lockRetry
        }
        switch due {
        case .idle:
            anchorIfNeeded()
            return Self.pollInterval
        case .wait(let until):
            anchorIfNeeded()
            return min(max(until.timeIntervalSince(now), 0.01), Self.pollInterval)
        case .send(let row):
            do {
                // Counted before the bytes leave: an undo from now on is refused, since the EHR may have it.
                // Only while its sends are as counted when it was found due: never two workers for one send.
                guard try database.beginOutboxSend(row.id, attempts: row.attempts, at: now) else { return 0 }
            } catch {
                logger.error("outbox: row \(row.id) not started: \(error)")
                return Self.lockRetry
            }
            var next: OutboxSend? = row
            while let sending = next, !state.withLock({ $0.stopping }) {
                next = deliver(sending)
                // A lease lost mid-stream (PostgreSQL: its session ended) stops this worker before
                // its next send; the row it counted goes, under the same control id, from the next holder.
                if next != nil, !holdLock() { break }
            }
            return 0
        }
    }

    /// Anchors the audit rows of the deliveries just recorded, once the burst is over.
    private func anchorIfNeeded() {
        guard state.withLock({ state -> Bool in defer { state.unanchored = false }; return state.unanchored }) else { return }
        do {
            try database.anchorAudit(at: clock.now())
        } catch {
            logger.error("outbox: audit anchor not written: \(error)")
        }
    }

    private func holdLock() -> Bool {
        do {
            let held = try lease.tryAcquire()
            let had = state.withLock { state -> Bool in
                defer { state.holdsLock = held; state.lockProblem = nil }
                return state.holdsLock
            }
            if held && !had {
                logger.info("outbox: delivering to \(settings.host):\(settings.port) as \(settings.message.rawValue)")
            } else if had && !held {
                logger.warning("outbox: the delivery lease was lost (its database session ended); another process delivers")
            }
            return held
        } catch {
            state.withLock { $0.holdsLock = false }
            let problem = "\(error)"
            let isNew = state.withLock { state -> Bool in
                defer { state.lockProblem = problem }
                return state.lockProblem != problem
            }
            if isNew { logger.error("outbox: not delivering: \(problem)") }
            return false
        }
    }

    /// Sends `row` (its send already counted) and records the verdict; returns the next row, already
    /// counted in the same transaction, when one may leave at once.
    private func deliver(_ row: OutboxSend) -> OutboxSend? {
        let verdict = send(row)
        // Stopping cut the wait short: that says nothing about the EHR; the row goes again next time.
        guard !(state.withLock { $0.stopping }) || verdict.isAnswer else { return nil }
        do {
            let next = try database.recordOutboxVerdict(row.id, verdict, at: clock.now(), retryCap: settings.retryMaxInterval)
            if verdict.isAnswer { state.withLock { $0.unanchored = true } }
            report(verdict, row: row)
            if case .send(let following) = next { return following }
        } catch {
            logger.error("outbox: row \(row.id) not recorded: \(error)")
        }
        return nil
    }

    /// Sends on this (non-async) thread and waits for the client; the ACK timeout bounds the wait.
    private func send(_ row: OutboxSend) -> DeliveryVerdict {
        let outcome = Mutex<Result<[UInt8]?, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let client = client
        let payload = Array(row.message.utf8)
        let timeout = TimeAmount.milliseconds(Int64(settings.ackTimeout * 1000))
        Task {
            let result: Result<[UInt8]?, any Error>
            do { result = .success(try await client.send(payload, timeout: timeout)) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        switch outcome.withLock({ $0 })! {
        case .success(let reply):
            return DeliveryVerdict.judge(reply: reply, controlID: row.controlID, timeout: settings.ackTimeout)
        case .failure(let error):
            return .retry(reason: "\(error)")
        }
    }

    private func report(_ verdict: DeliveryVerdict, row: OutboxSend) {
        let now = clock.now()
        switch verdict {
        case .delivered(let code, _):
            logger.debug("outbox: row \(row.id) delivered, control id \(row.controlID), \(code)")
            if let since = state.withLock({ state -> Date? in defer { state.failingSince = nil }; return state.failingSince }) {
                logger.info("outbox: the EHR answers again after \(AgeText.short(now.timeIntervalSince(since)))")
            }
        case .refused(let code, _, let reason):
            state.withLock { $0.failingSince = nil }
            logger.warning("outbox: row \(row.id) refused by the EHR (\(code)), control id \(row.controlID): \(UntrustedText.forLog(reason, limit: 120)); kept as failed")
        case .retry(let reason):
            let first = state.withLock { state -> Bool in
                defer { if state.failingSince == nil { state.failingSince = now } }
                return state.failingSince == nil
            }
            if first {
                logger.warning("outbox: EHR unreachable: \(UntrustedText.forLog(reason, limit: 160)); resending under the same control ids, at most every \(AgeText.short(settings.retryMaxInterval))")
            }
        }
    }
}

extension DeliveryVerdict {
    /// The EHR answered (delivered or refused): worth recording even while stopping.
    var isAnswer: Bool {
        if case .retry = self { return false }
        return true
    }
}
