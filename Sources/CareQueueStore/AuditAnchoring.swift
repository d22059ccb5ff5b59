import CareQueueCore
import Foundation
import GRDB
import Logging

/// What `anchorAudit` did.
public enum AuditAnchorOutcome: Sendable, Equatable {
    /// A record now anchors the chain through row `seq`.
    case anchored(seq: Int64)
    /// The newest anchor already covers the newest row (`nil`: the audit trail is empty).
    case current(seq: Int64?)
}

extension CareQueueDatabase {
    /// Appends the audit chain's newest row to the anchor (see `AuditAnchorRecord`).
    ///
    /// Called after commits, never on the ACK path: by the listener's upkeep every few seconds and
    /// when it stops, and after every other write that appends audit rows. The anchor only grows:
    /// before anchoring, the rows since the last anchor must chain from the anchored row, so a
    /// chain that lost rows is never anchored shorter — that throws, naming how many are missing.
    ///
    /// `chain` is the one to MAC the record with when this process holds no key of its own (a
    /// read-only `audit verify` given `--key-file`).
    @discardableResult
    public func anchorAudit(at now: Date = Date(), chain given: AuditChain? = nil) throws -> AuditAnchorOutcome {
        let chain = try given ?? auditChain()
        // First where another host's prune restarted the chain, or its head is not reachable from here.
        try adoptSharedCheckpoint(chain: chain)
        do {
            return try anchorHead(at: now, chain: chain)
        } catch let error as StoreError where dialect == .postgres {
            // Another host's prune may have committed between the adoption and reading the head.
            guard try adoptSharedCheckpoint(chain: chain) else { throw error }
            return try anchorHead(at: now, chain: chain)
        }
    }

    private func anchorHead(at now: Date, chain: AuditChain) throws -> AuditAnchorOutcome {
        var outcome = AuditAnchorOutcome.current(seq: nil)
        _ = try auditAnchor.append(checkingWith: chain) { tail in
            let head = try engine.read { db in
                try db.fetchOne("SELECT * FROM audit ORDER BY seq DESC LIMIT 1").map(AuditEntryRecord.init)
            }
            guard let head, let hash = head.hash else { return nil }
            let anchored = tail.latestHead
            if let anchored, head.seq < anchored.seq {
                throw StoreError.auditAnchor("the audit chain ends at row \(head.seq) but row \(anchored.seq) was anchored: "
                    + "\(anchored.seq - head.seq) rows are missing; run `carequeue audit verify`")
            }
            if let why = try linkProblem(from: anchored, checkpoint: tail.latestCheckpoint, through: head.seq, chain: chain) {
                throw StoreError.auditAnchor("not anchoring the audit chain: \(why); run `carequeue audit verify`")
            }
            if let anchored, anchored.seq == head.seq {
                outcome = .current(seq: head.seq)
                return nil
            }
            // With `[store] synchronous = "normal"` the head may not be on disk yet: the witness must not
            // claim rows a power cut could take back.
            if dialect == .sqlite { try DurableFiles.sync(databaseAt: path) }
            outcome = .anchored(seq: head.seq)
            return AuditAnchorRecord.next(after: tail.last, kind: .head, seq: head.seq, hash: hash, at: now, chain: chain)
        }
        return outcome
    }

    /// Anchors after a commit that appended audit rows; a failure is logged, never thrown, since
    /// the commit it follows has happened.
    func anchorAfterCommit() {
        do {
            try anchorAudit()
        } catch {
            Logger(label: "carequeue.audit").error("audit anchor not written: \(error)")
        }
    }

    /// Runs `body` in one write transaction with the audit trail to append to, then anchors the new
    /// head. Every write that appends audit rows goes through here, except ingest (whose writer
    /// thread is the ACK path: the listener's upkeep anchors it).
    ///
    /// With `anchoring` false the anchor is left to the caller's next `anchorAudit()` (the outbox
    /// worker anchors once a burst of deliveries is recorded, not after every row). `lockingFirst`
    /// is an advisory lock (PostgreSQL) taken before anything else, the audit chain's own included:
    /// work several hosts could do at once.
    func writeAudited<T>(anchoring: Bool = true, lockingFirst lockKey: Int64? = nil,
                            _ body: (any SQLConnection, AuditTrail) throws -> T) throws -> T {
        let chain = try auditChain()
        let path = path
        let osUser = osUser
        let value = try engine.write { db in
            if let lockKey { try db.lockForTransaction(lockKey) }
            return try body(db, try AuditTrail(db, chain: chain, osUser: osUser, path: path))
        }
        if anchoring { anchorAfterCommit() }
        return value
    }

    /// Why the rows after `anchored` up to `seq` do not extend it; nil when they do. Without an
    /// anchor yet, the whole chain is checked once. When a retention purge removed the anchored
    /// row, the chain is checked from the row `checkpoint` restarted it at.
    private func linkProblem(from anchored: AuditAnchorRecord?, checkpoint: AuditAnchorRecord?, through seq: Int64,
                             chain: AuditChain) throws -> String? {
        try engine.read { db in
            var walk = AuditChainWalk(chain: chain, expectedPrevious: AuditChain.genesis)
            let rows: [AuditEntryRecord]
            let first = try db.value(Int64.self, "SELECT min(seq) FROM audit") ?? 0
            if let checkpoint, checkpoint.seq == first, checkpoint.seq > (anchored?.seq ?? 0) {
                walk.expectedPrevious = checkpoint.hash
                rows = try db.fetchAll("SELECT * FROM audit WHERE seq <= ? ORDER BY seq") { $0.add(seq) }
                    .map(AuditEntryRecord.init)
            } else if let anchored {
                guard let stored = try db.value(String.self, "SELECT hash FROM audit WHERE seq = ?", { $0.add(anchored.seq) }),
                      stored == anchored.hash
                else { return "row \(anchored.seq) no longer holds the hash it was anchored with" }
                walk.expectedPrevious = anchored.hash
                rows = try db.fetchAll("SELECT * FROM audit WHERE seq > ? AND seq <= ? ORDER BY seq") {
                    $0.add(anchored.seq)
                    $0.add(seq)
                }.map(AuditEntryRecord.init)
            } else {
                rows = try db.fetchAll("SELECT * FROM audit WHERE seq <= ? ORDER BY seq") { $0.add(seq) }
                    .map(AuditEntryRecord.init)
            }
            for row in rows {
                if let broken = walk.step(row) { return "row \(broken.seq): \(broken.why)" }
            }
            return nil
        }
    }
}

/// Checks audit rows in order: each carries the previous row's hash and matches its own.
struct AuditChainWalk {
    let chain: AuditChain
    var expectedPrevious: String
    private(set) var count = 0
    private(set) var lastSeq: Int64?

    init(chain: AuditChain, expectedPrevious: String) {
        self.chain = chain
        self.expectedPrevious = expectedPrevious
    }

    /// Takes the next row; returns why it breaks the chain, or nil.
    mutating func step(_ row: AuditEntryRecord) -> (seq: Int64, why: String)? {
        let seq = row.seq
        guard let previous = row.prevHash, let hash = row.hash else {
            return (seq, "it is not hash-chained (written around CareQueue)")
        }
        guard let at = StoreTime.date(row.at) else {
            return (seq, "its time is not in the stored form (edited)")
        }
        let entry = AuditEntry(seq: seq, at: at, user: row.user, action: row.action, taskID: row.taskID,
                               details: row.details, osUser: row.osUser)
        if let why = chain.problem(entry, previous: previous, hash: hash, expectedPrevious: expectedPrevious) {
            return (seq, why)
        }
        expectedPrevious = hash
        lastSeq = seq
        count += 1
        return nil
    }
}
