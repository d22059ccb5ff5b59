import CareQueueCore
import Dispatch
import Foundation
import Synchronization

/// The single writer of ingest: one dedicated thread owning the write connection, committing in groups.
///
/// ```
/// event loops ──submit──▶ [queue] ──▶ writer thread: BEGIN IMMEDIATE
///                                         SAVEPOINT item 1 … RELEASE
///                                         SAVEPOINT item n … RELEASE
///                                     COMMIT (fsync with synchronous=FULL) ──▶ completions
/// ```
/// Everything queued while a commit runs goes into the next transaction, so one fsync covers many
/// messages. Completions run on the writer thread after COMMIT returned; they must not block or
/// call `drain()`/`close()`.
public final class StoreWriter: Sendable {
    /// `.off` completes every item at once and writes nothing (the benchmark's baseline).
    public enum Persistence: Sendable { case durable, off }

    public typealias Completion = @Sendable (Result<IngestOutcome, StoreFailure>) -> Void

    /// Counters for benchmarks and tests.
    public struct Statistics: Sendable, Equatable {
        /// Transactions that committed at least one item.
        public var commits: Int
        /// Transactions whose BEGIN or COMMIT failed (every item in them failed).
        public var failedCommits: Int
        /// Items completed by committed transactions (including items that failed alone).
        public var itemsCommitted: Int
        /// The most items one transaction held.
        public var largestGroup: Int
    }

    private struct Job: Sendable {
        var items: [IngestItem]
        var complete: @Sendable ([Result<IngestOutcome, StoreFailure>]) -> Void
    }

    private struct Queue: Sendable {
        var pending: [Job] = []
        var writerIdle = false
        var closed = false
    }

    private let persistence: Persistence
    private let queue = Mutex(Queue())
    private let wake = DispatchSemaphore(value: 0)
    private let running = DispatchGroup()
    private let commits = Atomic<Int>(0)
    private let failedCommits = Atomic<Int>(0)
    private let itemsCommitted = Atomic<Int>(0)
    private let largestGroup = Atomic<Int>(0)

    /// Starts the writer thread (unless persistence is off). Call `close()` when done.
    ///
    /// It configures `database` with `config` (audit key, windows) for the whole process. When the
    /// audit key is unusable every commit fails with that reason (the listener answers AR/CR 207
    /// and logs it); call `database.configure(config)` first to fail earlier.
    public init(database: CareQueueDatabase, config: CareQueueConfig = CareQueueConfig(),
                timeSource: any TimeSource = SystemTimeSource(), persistence: Persistence = .durable) {
        self.persistence = persistence
        guard persistence == .durable else { return }
        // The failure is remembered by the database and reported by every commit.
        try? database.configure(config)
        running.enter()
        let thread = Thread { [self] in
            run(GroupCommit(database: database, config: config, timeSource: timeSource))
            running.leave()
        }
        thread.name = "carequeue.store-writer"
        thread.start()
    }

    /// Queues `item`; `completion` runs once, after the transaction holding it committed (or failed).
    ///
    /// Cheap and thread-safe: it takes a lock for an append, never touches the database.
    public func submit(_ item: IngestItem, completion: @escaping Completion) {
        enqueue(Job(items: [item]) { results in completion(results[0]) })
    }

    /// Queues `items` so they commit in the same transaction; `completion` gets one result per item.
    public func submitTogether(_ items: [IngestItem],
                               completion: @escaping @Sendable ([Result<IngestOutcome, StoreFailure>]) -> Void) {
        enqueue(Job(items: items, complete: completion))
    }

    /// Stores `item` and waits for the outcome (tests and batch tools; never from an event loop).
    public func ingestNow(_ item: IngestItem) -> Result<IngestOutcome, StoreFailure> {
        ingestTogether([item])[0]
    }

    /// Stores `items` in one transaction and waits for their outcomes.
    public func ingestTogether(_ items: [IngestItem]) -> [Result<IngestOutcome, StoreFailure>] {
        let done = DispatchSemaphore(value: 0)
        let box = Mutex<[Result<IngestOutcome, StoreFailure>]>([])
        submitTogether(items) { results in
            box.withLock { $0 = results }
            done.signal()
        }
        done.wait()
        return box.withLock { $0 }
    }

    /// Waits until everything submitted before this call has completed.
    public func drain() {
        let done = DispatchSemaphore(value: 0)
        enqueue(Job(items: []) { _ in done.signal() })
        done.wait()
    }

    /// Completes everything queued, then stops the thread (SIGTERM). Later submits fail with `.writerClosed`.
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
        Statistics(commits: commits.load(ordering: .relaxed), failedCommits: failedCommits.load(ordering: .relaxed),
                   itemsCommitted: itemsCommitted.load(ordering: .relaxed),
                   largestGroup: largestGroup.load(ordering: .relaxed))
    }

    private func enqueue(_ job: Job) {
        guard persistence == .durable else {
            job.complete(job.items.map { item in
                switch item.content {
                case .result: return .success(.accepted(taskIDs: []))
                case .refused(let refusal): return .success(.refused(refusal))
                }
            })
            return
        }
        let accepted = queue.withLock { queue -> Bool? in
            guard !queue.closed else { return nil }
            queue.pending.append(job)
            defer { queue.writerIdle = false }
            return queue.writerIdle
        }
        switch accepted {
        case nil: job.complete(job.items.map { _ in .failure(.writerClosed) })
        case true?: wake.signal()
        case false?: break
        }
    }

    /// The writer thread: take everything queued, commit it as one group, complete, repeat.
    private func run(_ group: GroupCommit) {
        while true {
            let jobs = queue.withLock { queue -> [Job]? in
                if queue.pending.isEmpty {
                    if queue.closed { return nil }
                    queue.writerIdle = true
                    return []
                }
                defer { queue.pending.removeAll(keepingCapacity: true) }
                return queue.pending
            }
            guard let jobs else { return }
            if jobs.isEmpty {
                wake.wait()
                continue
            }
            commitAndComplete(jobs, group)
        }
    }

    private func commitAndComplete(_ jobs: [Job], _ group: GroupCommit) {
        let items = jobs.flatMap(\.items)
        var results: [Result<IngestOutcome, StoreFailure>] = []
        if !items.isEmpty {
            let (outcomes, committed) = group.commit(items)
            results = outcomes
            if committed {
                commits.add(1, ordering: .relaxed)
                itemsCommitted.add(items.count, ordering: .relaxed)
                largestGroup.max(items.count, ordering: .relaxed)
            } else {
                failedCommits.add(1, ordering: .relaxed)
            }
        }
        var offset = 0
        for job in jobs {
            job.complete(Array(results[offset..<(offset + job.items.count)]))
            offset += job.items.count
        }
    }
}

/// The listener's ingest port, implemented by the group-commit writer.
extension StoreWriter: IngestSink {}
