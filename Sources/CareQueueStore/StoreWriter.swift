import CareQueueCore
import Dispatch
import Foundation
import Logging
import Synchronization

/// The single writer of ingest: one dedicated thread owning the write connection. It stores
/// messages in groups — the ACK's transaction — and derives their tasks in bounded chunks between
/// those commits (log-first ingest).
///
/// ```
/// event loops ──submit──▶ [queue] ──▶ writer thread: BEGIN IMMEDIATE
///                                         message 1 … message n     (raw rows; AE/AR decided here)
///                                     COMMIT (fsync with synchronous=FULL) ──▶ completions (ACKs)
///                                     in a pause: derive one chunk (its own transaction) ──▶ tasks visible
///                                     repeat
/// ```
/// Everything queued while a commit or a chunk runs goes into the next transaction, so one fsync
/// covers many messages. `DerivationSchedule` decides when to derive and for how long. At
/// `[store] max_backlog` stored-but-not-derived messages the writer stops taking new ones until
/// derivation catches up, so the ACKs wait (backpressure). Completions run on
/// the writer thread after COMMIT returned; they must not block or call `drain()`/`close()`.
public final class StoreWriter: Sendable {
    /// `.off` completes every item at once and writes nothing (the benchmark's baseline).
    public enum Persistence: Sendable { case durable, off }

    public typealias Completion = @Sendable (Result<IngestOutcome, StoreFailure>) -> Void

    /// Counters for benchmarks and tests.
    public struct Statistics: Sendable, Equatable {
        /// Transactions that committed at least one item.
        public var commits = 0
        /// Transactions whose BEGIN or COMMIT failed (every item in them failed).
        public var failedCommits = 0
        /// Items completed by committed transactions (including items that failed alone).
        public var itemsCommitted = 0
        /// The most items one transaction held.
        public var largestGroup = 0
        /// Derivation transactions that committed.
        public var chunks = 0
        /// Messages derived into tasks.
        public var messagesDerived = 0
        /// The most messages one chunk derived.
        public var largestChunk = 0
        /// Acknowledged messages that could not become tasks (now on the review list).
        public var derivationFailures = 0
        /// Stored messages not yet derived, now and at most so far.
        public var backlog = 0
        public var largestBacklog = 0

        public init() {}
    }

    private enum Job: Sendable {
        case ingest([IngestItem], @Sendable ([Result<IngestOutcome, StoreFailure>]) -> Void)
        /// Completes once everything stored before it has been derived.
        case barrier(@Sendable () -> Void)
    }

    private struct Queue: Sendable {
        var pending: [Job] = []
        var writerIdle = false
        var closed = false
        /// The chunk running beside the writer (PostgreSQL) has ended: collect its outcome.
        var chunkFinished = false
    }

    /// A message this large is answered only once derived: deriving it takes several copies of it
    /// in memory, which the listener's buffer budget (`[listener] max_buffered_bytes`, released at
    /// the answer) must cover, as it covers reading and parsing it.
    static let derivedBeforeACKBytes = 1024 * 1024

    private let persistence: Persistence
    private let maxBacklog: Int
    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)
    private let running = DispatchGroup()
    private let counters = Mutex(Statistics())
    /// Signalled once the writer thread has read where the last process left off.
    private let positionRead = DispatchSemaphore(value: 0)
    /// Stored messages the last process left underived, found at start.
    private let recovered = Mutex(0)

    /// Starts the writer thread (unless persistence is off). Call `close()` when done.
    ///
    /// It configures `database` with `config` (audit key, windows) for the whole process. When the
    /// audit key is unusable every commit fails with that reason (the listener answers AR/CR 207
    /// and logs it); call `database.configure(config)` first to fail earlier.
    public init(database: CareQueueDatabase, config: CareQueueConfig = CareQueueConfig(),
                timeSource: any TimeSource = SystemTimeSource(), persistence: Persistence = .durable) {
        self.persistence = persistence
        maxBacklog = config.store.maxBacklog
        guard persistence == .durable else { return }
        // The failure is remembered by the database and reported by every commit.
        try? database.configure(config)
        running.enter()
        let thread = Thread { [self] in
            let derivation = Derivation(database: database, config: config, timeSource: timeSource)
            // PostgreSQL derives beside the writer, on a connection of its own (`DerivationWorker`).
            let worker = database.engine.dialect == .postgres
                ? DerivationWorker(derivation) { [self] in chunkFinished() } : nil
            run(GroupCommit(database: database, config: config, timeSource: timeSource), WriterDerivation(derivation),
                worker)
            running.leave()
        }
        thread.name = "carequeue.store-writer"
        thread.start()
    }

    /// Logs how many stored messages the last process left underived (it stopped first), once the
    /// writer has looked. The listener calls it after its first line, so `listening on` stays first.
    public func reportRecovery(logger: Logger) {
        guard persistence == .durable, positionRead.wait(timeout: .now() + 10) == .success else { return }
        positionRead.signal()
        let count = recovered.withLock { $0 }
        if count > 0 {
            logger.notice("\(count) stored messages were not derived into tasks yet (the last run stopped first): deriving them now")
        }
    }

    /// Queues `item`; `completion` runs once, after the transaction storing it committed (or failed);
    /// its tasks appear shortly after (`drain()` waits for them).
    ///
    /// Cheap and thread-safe: it takes a lock for an append, never touches the database.
    public func submit(_ item: IngestItem, completion: @escaping Completion) {
        enqueue(.ingest([item]) { results in completion(results[0]) })
    }

    /// Queues `items` so they commit in the same transaction; `completion` gets one result per item.
    public func submitTogether(_ items: [IngestItem],
                               completion: @escaping @Sendable ([Result<IngestOutcome, StoreFailure>]) -> Void) {
        enqueue(.ingest(items, completion))
    }

    /// Stores `item`, waits for the outcome and for its tasks (tests and batch tools; never from an event loop).
    public func ingestNow(_ item: IngestItem) -> Result<IngestOutcome, StoreFailure> {
        ingestTogether([item])[0]
    }

    /// Stores `items` in one transaction and waits for their outcomes and their tasks.
    public func ingestTogether(_ items: [IngestItem]) -> [Result<IngestOutcome, StoreFailure>] {
        let done = DispatchSemaphore(value: 0)
        let box = Mutex<[Result<IngestOutcome, StoreFailure>]>([])
        submitTogether(items) { results in
            box.withLock { $0 = results }
            done.signal()
        }
        done.wait()
        drain()
        return box.withLock { $0 }
    }

    /// Waits until everything submitted before this call has been stored and derived into tasks.
    public func drain() {
        let done = DispatchSemaphore(value: 0)
        enqueue(.barrier { done.signal() })
        done.wait()
    }

    /// Stores everything queued and derives everything stored, then stops the thread (SIGTERM).
    /// Later submits fail with `.writerClosed`.
    public func close() {
        let signal = queue.withLock { queue -> Bool in
            queue.closed = true
            defer { queue.writerIdle = false }
            return queue.writerIdle
        }
        if signal { wake.signal() }
        running.wait()
    }

    /// Counters so far (the group-commit figures `carequeue bench` reports).
    public var statistics: Statistics {
        counters.withLock { $0 }
    }

    private func enqueue(_ job: Job) {
        guard persistence == .durable else {
            switch job {
            case .ingest(let items, let complete):
                complete(items.map { item in
                    switch item.content {
                    case .result, .order, .consultNote: return .success(.accepted(messageID: 0))
                    case .refused(let refusal): return .success(.refused(refusal))
                    }
                })
            case .barrier(let complete):
                complete()
            }
            return
        }
        let accepted = queue.withLock { queue -> Bool? in
            guard !queue.closed else { return nil }
            queue.pending.append(job)
            defer { queue.writerIdle = false }
            return queue.writerIdle
        }
        switch accepted {
        case nil: Self.refuse(job)
        case true?: wake.signal()
        case false?: break
        }
    }

    private static func refuse(_ job: Job) {
        switch job {
        case .ingest(let items, let complete): complete(items.map { _ in .failure(.writerClosed) })
        case .barrier(let complete): complete()
        }
    }

    /// The writer thread: store what is queued as one group, derive one chunk, repeat. With a
    /// `worker` (PostgreSQL) chunks run beside it instead: it starts one, stores while it runs, and
    /// collects its outcome when the worker says it ended.
    private func run(_ group: GroupCommit, _ derivation: WriterDerivation, _ worker: DerivationWorker?) {
        derivation.start()
        recovered.withLock { $0 = derivation.recoveredAtStart }
        positionRead.signal()
        var lastStoredAt = DispatchTime.now()
        var justDerived = false
        var inFlight: WriterDerivation.Dispatch?
        while true {
            let (step, situation, finished) = queue.withLock { queue -> (DerivationSchedule.Step, DerivationSchedule.Situation, Bool) in
                let finished = queue.chunkFinished
                queue.chunkFinished = false
                var situation = DerivationSchedule.Situation(
                    now: .now(), messagesQueued: !queue.pending.isEmpty, closed: queue.closed,
                    backlog: derivation.backlog, maxBacklog: maxBacklog, oldestWaiting: derivation.oldestWaiting,
                    lastStored: lastStoredAt, someoneWaits: derivation.hasWaiters, retryAt: derivation.retryAt,
                    gaveUp: derivation.givenUp, justDerived: justDerived)
                situation.derivesAside = worker != nil
                situation.chunkInFlight = inFlight != nil
                // A chunk that ended is collected first: what to do next depends on it.
                guard !finished else { return (.store, situation, true) }
                let step = DerivationSchedule.next(situation)
                if case .wait = step { queue.writerIdle = true }
                return (step, situation, false)
            }
            if finished {
                if let worker, let dispatched = inFlight, let result = worker.takeResult() {
                    inFlight = nil
                    account(derivation.finish(result, dispatched), dispatched, derivation)
                }
                continue
            }
            justDerived = step == .derive
            switch step {
            case .store:
                let jobs = queue.withLock { queue in
                    Self.take(upTo: derivation.givenUp ? .max : max(1, maxBacklog - derivation.backlog), from: &queue.pending)
                }
                store(jobs, group, derivation, remembersFirst: worker != nil)
                lastStoredAt = .now()
            case .derive:
                if let worker {
                    inFlight = derivation.dispatch(closing: situation.closed)
                    worker.start(time: DerivationSchedule.chunkAside)
                } else {
                    chunk(derivation, time: DerivationSchedule.chunkTime(situation), closing: situation.closed)
                }
            case .wait(let deadline):
                _ = wake.wait(timeout: deadline)
            case .stop:
                worker?.stop()
                derivation.releaseBarriers()
                return
            }
        }
    }

    /// Called by the worker's thread when its chunk ended: wakes the writer to collect it.
    private func chunkFinished() {
        let signal = queue.withLock { queue -> Bool in
            queue.chunkFinished = true
            defer { queue.writerIdle = false }
            return queue.writerIdle
        }
        if signal { wake.signal() }
    }

    /// The queued jobs whose items fit in `room` more stored messages (always the first job, so a
    /// group larger than the bound still goes through alone).
    private static func take(upTo room: Int, from pending: inout [Job]) -> [Job] {
        var count = 0
        var taken = 0
        for job in pending {
            if case .ingest(let items, _) = job {
                if taken > 0, count + items.count > room { break }
                count += items.count
            }
            taken += 1
        }
        defer { pending.removeFirst(taken) }
        return Array(pending[..<taken])
    }

    /// `remembersFirst`: a chunk runs beside the writer and may pass the messages as soon as they
    /// commit, so what derivation needs of them is kept before the commit.
    private func store(_ jobs: [Job], _ group: GroupCommit, _ derivation: WriterDerivation, remembersFirst: Bool) {
        var items: [IngestItem] = []
        for case .ingest(let jobItems, _) in jobs { items += jobItems }
        var results: [Result<IngestOutcome, StoreFailure>] = []
        if !items.isEmpty {
            let stored = group.commit(items, beforeCommit: remembersFirst ? { derivation.remember($0) } : nil)
            results = stored.results
            derivation.stored(stored.messages, remembered: remembersFirst)
            counters.withLock { counters in
                if stored.committed {
                    counters.commits += 1
                    counters.itemsCommitted += items.count
                    counters.largestGroup = max(counters.largestGroup, items.count)
                } else {
                    counters.failedCommits += 1
                }
                counters.backlog = derivation.backlog
                counters.largestBacklog = max(counters.largestBacklog, derivation.backlog)
            }
        }
        var offset = 0
        for job in jobs {
            switch job {
            case .ingest(let jobItems, let complete):
                let jobResults = Array(results[offset..<(offset + jobItems.count)])
                offset += jobItems.count
                if jobItems.contains(where: { $0.raw.count >= Self.derivedBeforeACKBytes }) {
                    derivation.wait { complete(jobResults) }
                } else {
                    complete(jobResults)
                }
            case .barrier(let complete):
                derivation.wait(complete)
            }
        }
    }

    private func chunk(_ derivation: WriterDerivation, time: Duration, closing: Bool) {
        let dispatched = derivation.dispatch(closing: closing)
        let result = Result { () throws(StoreError) in try derivation.runChunkOnly(time: time) }
        account(derivation.finish(result, dispatched), dispatched, derivation)
    }

    /// Counts a chunk that ended (nil: refused, to be retried) and lets its waiters go.
    private func account(_ chunk: Derivation.Chunk?, _ dispatched: WriterDerivation.Dispatch,
                         _ derivation: WriterDerivation) {
        guard let chunk else { return }
        counters.withLock { counters in
            counters.chunks += 1
            counters.messagesDerived += chunk.derived
            counters.largestChunk = max(counters.largestChunk, chunk.derived)
            counters.derivationFailures += chunk.failed
            counters.backlog = derivation.backlog
        }
        derivation.releaseBarriers(after: chunk, dispatched)
    }
}

/// The listener's ingest port, implemented by the group-commit writer.
extension StoreWriter: IngestSink {}
