import CareQueueCore
import Dispatch
import Logging

/// The writer thread's side of derivation: how far it got, who waits for it, and what to do when
/// the database refuses a chunk (retry with a growing pause; on shutdown, give up after a few tries
/// and leave the rest behind the mark for the next start). Confined to the writer thread.
final class WriterDerivation {
    private let derivation: Derivation
    /// Stored messages beyond the mark (an estimate between chunks; exact when a chunk catches up).
    private(set) var backlog = 0
    private var derivedThrough: Int64 = 0
    private var newestStoredID: Int64 = 0
    /// When each message beyond the mark was stored, oldest first (for the visibility deadline).
    private var storedTimes = StoredInOrder<DispatchTime>()
    private var barriers: [(target: Int64, complete: @Sendable () -> Void)] = []
    /// No chunk before this (after a failure).
    private(set) var retryAt = DispatchTime.now()
    private var failures = 0
    private var lastProblem: String?
    /// Closing while the database refuses every chunk: stop anyway, nothing acknowledged is lost.
    private(set) var givenUp = false
    private let logger = Logger(label: "carequeue.store")

    /// Tries on shutdown before leaving the backlog to the next start.
    static let triesWhenClosing = 3

    init(_ derivation: Derivation) {
        self.derivation = derivation
    }

    var hasWork: Bool { backlog > 0 || !barriers.isEmpty }
    /// When the oldest message waiting to be derived was stored (after a restart: when the writer started).
    var oldestWaiting: DispatchTime? {
        guard backlog > 0 else { return nil }
        return storedTimes.first?.value ?? startedAt
    }
    private var startedAt = DispatchTime.now()
    /// Stored messages found underived at start (reported by `StoreWriter.reportRecovery`).
    private(set) var recoveredAtStart = 0
    /// Someone waits for derivation (a drain, or the ACK of a large message): derive without delay.
    var hasWaiters: Bool { !barriers.isEmpty }

    /// Reads where the last process left off: messages acknowledged but never derived are derived first.
    func start() {
        startedAt = .now()
        derivation.takeCheckpointsOffCommits()
        do {
            (derivedThrough, backlog) = try derivation.position()
            newestStoredID = derivedThrough + Int64(backlog)
            recoveredAtStart = backlog
        } catch {
            backlog = 1 // the first chunk finds out, and reports the problem
        }
    }

    /// Counts what an ACK transaction stored, keeping what derivation needs of each message.
    func stored(_ messages: [(id: Int64, stored: Derivation.Stored, rawBytes: Int)]) {
        let now = DispatchTime.now()
        for (id, stored, rawBytes) in messages {
            derivation.remember(id, stored, rawBytes: rawBytes)
            newestStoredID = max(newestStoredID, id)
            storedTimes.append(id, now)
        }
        backlog += messages.count
    }

    /// Runs `complete` once everything stored so far is derived.
    func wait(_ complete: @escaping @Sendable () -> Void) {
        if newestStoredID <= derivedThrough {
            complete()
        } else {
            barriers.append((newestStoredID, complete))
        }
    }

    /// Derives one chunk; nil when the database refused it (logged, retried later). Call
    /// `releaseBarriers(after:)` once the chunk is accounted for.
    func runChunk(time: Duration, closing: Bool) -> Derivation.Chunk? {
        do {
            let chunk = try derivation.runChunk(time: time)
            if lastProblem != nil { logger.notice("deriving tasks again") }
            failures = 0
            lastProblem = nil
            derivedThrough = chunk.derivedThrough
            backlog = chunk.caughtUp ? 0 : max(backlog - chunk.passed, 1)
            storedTimes.drop(through: chunk.caughtUp ? .max : derivedThrough)
            return chunk
        } catch {
            failures += 1
            let problem = "\(error)"
            if problem != lastProblem {
                logger.error("tasks not derived: \(problem); \(backlog) acknowledged messages wait, retrying")
                lastProblem = problem
            }
            let pause = min(5.0, 0.05 * Double(1 << min(failures, 7)))
            retryAt = .now() + pause
            if closing, failures >= Self.triesWhenClosing {
                givenUp = true
                logger.error("stopping with about \(backlog) acknowledged messages not derived yet; they are kept, and derived when the store is next opened for ingest")
            }
            return nil
        }
    }

    /// Lets go whoever waited for what `chunk` derived.
    func releaseBarriers(after chunk: Derivation.Chunk) {
        releaseBarriers(through: chunk.caughtUp ? .max : chunk.derivedThrough)
    }

    /// Lets every waiter go (shutdown).
    func releaseBarriers(through target: Int64 = .max) {
        let ready = barriers.filter { $0.target <= target }
        barriers.removeAll { $0.target <= target }
        for barrier in ready { barrier.complete() }
    }
}
