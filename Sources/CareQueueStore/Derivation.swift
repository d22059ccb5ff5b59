import CareQueueCore
import Foundation
import GRDB
import GRDBSQLite
import Logging
import Synchronization

/// Derives tasks from stored, acknowledged messages: in id order, a bounded chunk per transaction,
/// on the writer thread between ACK commits (SQLite), or on a thread of its own beside the writer
/// (PostgreSQL, `DerivationWorker`). One chunk runs at a time; `remember` may be called meanwhile.
///
/// What is left to derive (`DerivationQueue`: a mark on SQLite, a queue on PostgreSQL) is read and
/// moved inside each chunk's transaction, so a chunk begins where any process's last chunk ended,
/// and a crash between an ACK and its derivation leaves the message to derive from its stored bytes
/// on restart.
///
/// Chunks commit like every write (`synchronous = FULL` unless configured otherwise): their fsync
/// happens between ACKs, so an ACK's own commit syncs little more than its own messages.
final class Derivation {
    /// What the ACK's transaction knew about a message it stored, so deriving it needs no re-parse.
    enum Stored {
        case result(ResultMessage, charsetWarning: String?, storedAt: Date)
        /// Orders or a referral to track.
        case order(OrderMessage, storedAt: Date)
        /// A consult note: a task, closing the referral it names.
        case consultNote(ConsultNote, charsetWarning: String?, storedAt: Date)
        /// Refused (review list): nothing to derive; the mark passes over it.
        case refused
    }

    struct Chunk: Equatable {
        /// Messages that became tasks.
        var derived = 0
        /// Acknowledged messages that could not become tasks and went to the review list.
        var failed = 0
        /// Ids the mark passed (derived, failed, refused or never stored).
        var passed = 0
        var derivedThrough: Int64 = 0
        /// Nothing stored is left behind the mark.
        var caughtUp = false
    }

    /// Ids one chunk passes at most, however fast they go.
    static let limit = 2_048
    /// Parsed messages kept for derivation, at most; past this, a message is parsed again from its
    /// stored bytes. Tests rely on it: their fixtures store only an MSH as the raw bytes.
    static let rememberedLimit = 4_096
    /// Raw bytes of the messages kept parsed, at most: a burst of 16 MB reports must not pin their
    /// parses until derived. Past it a message is read back and parsed again, one at a time.
    static let rememberedBytes = 32 * 1024 * 1024

    private let database: CareQueueDatabase
    private let timeSource: any TimeSource
    private let intake: FrameIntake
    /// Parses kept until derived, and their raw bytes. Locked: on PostgreSQL the writer thread
    /// keeps them while the deriver's thread (`DerivationWorker`) derives and drops them.
    private let remembered = Mutex(Remembered())
    private var rosterCache = RosterCache()
    private let logger = Logger(label: "carequeue.store")

    init(database: CareQueueDatabase, config: CareQueueConfig, timeSource: any TimeSource) {
        self.database = database
        self.timeSource = timeSource
        intake = FrameIntake(processingIDs: config.listener.processingIDs)
    }

    /// Keeps what the ACK's transaction parsed, to derive it without reading it back.
    func remember(_ id: Int64, _ stored: Stored, rawBytes: Int) {
        remembered.withLock { remembered in
            if stored.isParsed {
                guard remembered.parses.count < Self.rememberedLimit,
                      remembered.bytes + rawBytes <= Self.rememberedBytes else { return }
                remembered.bytes += rawBytes
                remembered.parses.append(id, (stored, rawBytes))
            } else {
                remembered.parses.append(id, (stored, 0))
            }
        }
    }

    /// Moves the writer connection's checkpoints out of its commits and off this thread (see `WALCheckpoints`).
    /// SQLite only: PostgreSQL's checkpoints are the server's.
    func takeCheckpointsOffCommits() {
        guard let pool = try? database.pool else { return }
        pool.writeWithoutTransaction { db in database.checkpoints.install(on: db) }
    }

    /// Where derivation stands: the mark, and how many stored messages lie beyond it.
    func position() throws -> (derivedThrough: Int64, backlog: Int) {
        try database.engine.read { db in (try DerivationQueue.mark(db), try DerivationQueue.backlog(db)) }
    }

    /// Derives the next chunk. A message that cannot become tasks goes to the review list with the
    /// reason; only a database that cannot be written (full, locked, failing) throws, and then the
    /// mark has not moved.
    /// The chunk stops after `time` (an ACK arriving meanwhile waits that long, plus the message in progress).
    func runChunk(time: Duration) throws(StoreError) -> Chunk {
        do {
            do {
                return try attempt(isolating: false, time: time)
            } catch where Self.isMessageFault(error) {
                // Some message in the chunk cannot be derived: again, each in a savepoint, to find it.
                return try attempt(isolating: true, time: time)
            }
        } catch {
            throw StoreError.from(error, path: database.path)
        }
    }

    private func attempt(isolating: Bool, time: Duration) throws -> Chunk {
        let chain = try database.auditChain()
        let chunk = try database.engine.write { db in
            // The chunk's time starts once it holds the write lock.
            try derive(db, chain: chain, time: time, isolating: isolating)
        }
        remembered.withLock { remembered in
            remembered.parses.drop(through: chunk.derivedThrough) { remembered.bytes -= $0.rawBytes }
        }
        return chunk
    }

    private func derive(_ db: any SQLConnection, chain: AuditChain, time: Duration, isolating: Bool) throws -> Chunk {
        let pending = try DerivationQueue.pending(db, limit: Self.limit)
        let deadline = ContinuousClock.now + time
        var chunk = Chunk(derivedThrough: pending.mark)
        guard !pending.ids.isEmpty else {
            chunk.caughtUp = true
            return chunk
        }
        let audit = LazyAuditTrail(db, chain: chain, osUser: database.osUser, path: database.path)
        let roster = try rosterCache.roster(db)
        // Read once per chunk from the store's settings, which a reload (SIGHUP) may have changed.
        let windows = database.windows
        let tiers = database.tiers
        let turnaround = database.turnaround
        var visited: [Int64] = []
        for id in pending.ids {
            guard chunk.passed == 0 || ContinuousClock.now < deadline else { break }
            visited.append(id)
            chunk.passed += 1
            switch try work(for: id, db) {
            case nil, .refused?:
                continue
            case .result(let message, let charsetWarning, let storedAt)?:
                let derive = {
                    let derivation = TaskDerivation(db: db, roster: roster, windows: windows, tiers: tiers,
                                                    consultNoteTier: turnaround.consultNoteTier, audit: try audit.trail())
                    try derivation.derive(message, messageID: id, storedAt: storedAt, charsetWarning: charsetWarning)
                }
                try deriveOne(id, isolating: isolating, audit: audit, chunk: &chunk, db, derive)
            case .order(let message, let storedAt)?:
                let derive = {
                    try OrderDerivation(db: db, roster: roster, audit: try audit.trail(), turnaround: turnaround)
                        .derive(message, messageID: id, storedAt: storedAt)
                }
                try deriveOne(id, isolating: isolating, audit: audit, chunk: &chunk, db, derive)
            case .consultNote(let note, let charsetWarning, let storedAt)?:
                let derive = {
                    let derivation = TaskDerivation(db: db, roster: roster, windows: windows, tiers: tiers,
                                                    consultNoteTier: turnaround.consultNoteTier, audit: try audit.trail())
                    try derivation.derive(note, messageID: id, storedAt: storedAt, charsetWarning: charsetWarning)
                }
                try deriveOne(id, isolating: isolating, audit: audit, chunk: &chunk, db, derive)
            case .unreadable(let reason):
                try recordFailure(id, reason: reason, audit, db)
                chunk.failed += 1
            }
        }
        try DerivationQueue.finish(db, visited: visited)
        chunk.derivedThrough = max(pending.mark, visited.last ?? pending.mark)
        chunk.caughtUp = pending.isEverything && visited.count == pending.ids.count
        return chunk
    }

    /// Derives one message; when isolating, in a savepoint, so a message that cannot be derived goes
    /// to the review list and the rest of the chunk goes on.
    private func deriveOne(_ id: Int64, isolating: Bool, audit: LazyAuditTrail, chunk: inout Chunk,
                           _ db: any SQLConnection, _ derive: () throws -> Void) throws {
        guard isolating else {
            try derive()
            chunk.derived += 1
            return
        }
        let mark = audit.mark
        do {
            try db.savepoint {
                try derive()
            }
            chunk.derived += 1
        } catch where Self.isMessageFault(error) && db.isInsideTransaction {
            audit.rewind(to: mark)
            try recordFailure(id, reason: StoreError.from(error, path: database.path).description, audit, db)
            chunk.failed += 1
        }
    }

    private enum Work {
        case result(ResultMessage, charsetWarning: String?, storedAt: Date)
        case order(OrderMessage, storedAt: Date)
        case consultNote(ConsultNote, charsetWarning: String?, storedAt: Date)
        case refused
        case unreadable(String)
    }

    /// What message `id` asks of derivation: remembered from its ACK, else read back and parsed
    /// again as the listener did (after a restart, or from another process); nil when no such row.
    private func work(for id: Int64, _ db: any SQLConnection) throws -> Work? {
        switch remembered.withLock({ $0.parses.value(for: id)?.stored }) {
        case .result(let message, let charsetWarning, let storedAt)?:
            return .result(message, charsetWarning: charsetWarning, storedAt: storedAt)
        case .order(let message, let storedAt)?:
            return .order(message, storedAt: storedAt)
        case .consultNote(let note, let charsetWarning, let storedAt)?:
            return .consultNote(note, charsetWarning: charsetWarning, storedAt: storedAt)
        case .refused?:
            return .refused
        case nil:
            break
        }
        guard let row = try db.fetchOne("SELECT ack_code, peer, received_at FROM messages WHERE id = ?", { $0.add(id) })
        else { return nil }
        let ackCode: String = row["ack_code"]
        guard ackCode == "AA" || ackCode == "CA" else { return .refused }
        let receivedText: String = row["received_at"]
        guard let storedAt = StoreTime.date(receivedText) else {
            return .unreadable("its stored receipt time \(UntrustedText.forLog(receivedText, limit: 40)) is not a time")
        }
        // The bytes alone, read straight into the array the parser takes (a 16 MB report is
        // copied once here, as the listener's memory bound assumes).
        let raw = try db.bytes("SELECT raw FROM messages WHERE id = ?") { $0.add(id) } ?? []
        let decision = intake.classify(raw, peer: row["peer"], receivedAt: storedAt)
        switch decision.item.content {
        case .result(let message):
            return .result(message, charsetWarning: decision.item.charsetWarning, storedAt: storedAt)
        case .order(let message):
            return .order(message, storedAt: storedAt)
        case .consultNote(let note):
            return .consultNote(note, charsetWarning: decision.item.charsetWarning, storedAt: storedAt)
        case .refused(let refusal):
            return .unreadable("read again from its stored bytes it is refused: \(refusal.reason)")
        }
    }

    /// Puts acknowledged message `id` on the review list with why it has no tasks, audited and logged.
    private func recordFailure(_ id: Int64, reason: String, _ audit: LazyAuditTrail, _ db: any SQLConnection) throws {
        let why = "acknowledged, but its tasks could not be made: \(reason)"
        try db.execute("UPDATE messages SET derivation_error = ? WHERE id = ?") { $0.add(why); $0.add(id) }
        try audit.trail().append(at: timeSource.now(), user: "listener", action: "message.derivation_failed", taskID: nil,
                                 details: ["message_id": String(id), "reason": reason], db)
        logger.error("message \(id) \(why); it is on the review list")
    }

    /// A failure that belongs to one message (a constraint it breaks, a value the database refuses),
    /// not to the database (full, locked, failing, unreachable): only those send a message to the
    /// review list. Seen raw inside a chunk, or as the engine reported it after the rollback.
    static func isMessageFault(_ error: any Error) -> Bool {
        if let databaseError = error as? DatabaseError {
            switch databaseError.resultCode {
            case .SQLITE_CONSTRAINT, .SQLITE_TOOBIG, .SQLITE_MISMATCH, .SQLITE_RANGE: return true
            default: return false
            }
        }
        switch error as? StoreError {
        case .constraint?: return true
        case .sqlite(let code, _)?: return [SQLITE_TOOBIG, SQLITE_MISMATCH, SQLITE_RANGE].contains(code & 0xff)
        // PostgreSQL's data exceptions (class 22): a value out of range, an invalid text.
        case .postgres(let sqlState, _)?: return sqlState.hasPrefix("22")
        case nil: return true
        default: return false
        }
    }
}

extension Derivation {
    /// Parses kept for derivation, in id order, and the raw bytes they stand for.
    struct Remembered {
        var parses = StoredInOrder<(stored: Stored, rawBytes: Int)>()
        var bytes = 0
    }
}

extension Derivation.Stored {
    /// Holds a parse worth keeping (and counting against the memory bound) until derived.
    var isParsed: Bool {
        if case .refused = self { return false }
        return true
    }
}
