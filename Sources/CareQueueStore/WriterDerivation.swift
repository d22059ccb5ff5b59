import CareQueueCore
import Dispatch
import Logging

/// The writer thread's side of derivation: how far it got, who waits for it, and what to do when
/// the database refuses a chunk (retry with a growing pause; on shutdown, give up after a few tries
/// and leave the rest behind the mark for the next start). Confined to the writer thread; the chunk
/// itself may run beside it (`DerivationWorker`), accounted for here when it ends (`finish`).
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

    /// Counts what an ACK transaction stored, keeping what derivation needs of each message unless
    /// `remembered` (kept before the commit, see `remember`).
    func stored(_ messages: [(id: Int64, stored: Derivation.Stored, rawBytes: Int)], remembered: Bool = false) {
        let now = DispatchTime.now()
        for (id, stored, rawBytes) in messages {
            if !remembered { derivation.remember(id, stored, rawBytes: rawBytes) }
            newestStoredID = max(newestStoredID, id)
            storedTimes.append(id, now)
        }
        backlog += messages.count
        storedCount += messages.count
    }

    /// Keeps what derivation needs of messages an ACK transaction is about to commit: with a
    /// deriver beside the writer (PostgreSQL), a chunk may pass them the moment they commit.
    /// PostgreSQL only: its ids are never reused when the commit then fails (SQLite's may be).
    func remember(_ messages: [(id: Int64, stored: Derivation.Stored, rawBytes: Int)]) {
        for (id, stored, rawBytes) in messages { derivation.remember(id, stored, rawBytes: rawBytes) }
    }

    /// What the writer had stored when a chunk began; a chunk that caught up derived all of it.
    struct Dispatch {
        var newestStoredID: Int64
        var storedCount: Int
        var closing: Bool
    }

    /// Messages stored so far (for what was stored while a chunk ran beside the writer).
    private var storedCount = 0

    /// Notes what is stored as a chunk begins (on this thread or beside it).
    func dispatch(closing: Bool) -> Dispatch {
        Dispatch(newestStoredID: newestStoredID, storedCount: storedCount, closing: closing)
    }

    /// Runs `complete` once everything stored so far is derived.
    func wait(_ complete: @escaping @Sendable () -> Void) {
        if newestStoredID <= derivedThrough {
            complete()
        } else {
            barriers.append((newestStoredID, complete))
        }
    }

    /// Derives one chunk on this thread; `finish` accounts for it, then `releaseBarriers(after:_:)`.
    func runChunkOnly(time: Duration) throws(StoreError) -> Derivation.Chunk {
        try derivation.runChunk(time: time)
    }

    /// Accounts for a chunk begun at `dispatched`: on this thread (nothing stored meanwhile), or
    /// beside it (`DerivationWorker`), while the writer stored more. Nil when the database refused it.
    func finish(_ result: Result<Derivation.Chunk, StoreError>, _ dispatched: Dispatch) -> Derivation.Chunk? {
        let closing = dispatched.closing
        switch result {
        case .success(let chunk):
            if lastProblem != nil { logger.notice("deriving tasks again") }
            failures = 0
            lastProblem = nil
            derivedThrough = chunk.derivedThrough
            // A chunk that caught up derived what was stored before it began, not what came since.
            let storedSince = storedCount - dispatched.storedCount
            backlog = chunk.caughtUp ? storedSince : max(backlog - chunk.passed, 1)
            storedTimes.drop(through: Self.derived(by: chunk, dispatched))
            return chunk
        case .failure(let error):
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

    /// Lets go whoever waited for what `chunk`, begun at `dispatched`, derived.
    func releaseBarriers(after chunk: Derivation.Chunk, _ dispatched: Dispatch) {
        releaseBarriers(through: Self.derived(by: chunk, dispatched))
    }

    /// The newest id `chunk` leaves nothing underived through: everything stored before it began
    /// when it caught up (every waiter then, as no chunk runs beside the writer).
    private static func derived(by chunk: Derivation.Chunk, _ dispatched: Dispatch) -> Int64 {
        chunk.caughtUp ? max(dispatched.newestStoredID, chunk.derivedThrough) : chunk.derivedThrough
    }

    /// Lets every waiter go (shutdown).
    func releaseBarriers(through target: Int64 = .max) {
        let ready = barriers.filter { $0.target <= target }
        barriers.removeAll { $0.target <= target }
        for barrier in ready { barrier.complete() }
    }
}
