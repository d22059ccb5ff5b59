import Foundation

extension OpenTaskTally {
    /// Which changes a kept count may still lack, on PostgreSQL.
    ///
    /// There `task_changes.seq` comes from a sequence drawn when a change is written, not when it
    /// commits: a change can become visible after one with a higher seq, and a rolled-back one
    /// leaves a gap for ever. A reader cannot take "applied through seq s" to mean every change up
    /// to s. So it remembers the seqs at or below s it has not seen (holes) and reads them again
    /// with the next changes, until they settle: every seq at or below the last one a snapshot saw
    /// was drawn before it, by a transaction then in flight (its id below the snapshot's xmax) or
    /// done. Once a later snapshot's xmin reaches that xmax, each hole has committed (and that
    /// snapshot reads it) or never will. Re-reading a fixed window behind the last seq instead would
    /// miss a change held back longer than the window; this waits exactly as long as it must.
    ///
    /// SQLite's single writer commits in seq order: there is never a hole, and this stays empty.
    struct CatchUp: Sendable {
        /// Holes re-read at most; beyond, the next read counts afresh.
        static let maximumHoles = 500
        /// The log's trim (`task_changes`' trigger): every 512th change deletes those 4096 or more before it.
        static let trimEvery: Int64 = 512
        static let trimKeeps: Int64 = 4_096

        /// Seqs at or below the snapshot's `seq` not seen yet.
        var holes: Set<Int64> = []
        /// After a count afresh while transactions were in flight: changes below this seq (the
        /// log's first then) were not seen either, and `seenBelow` those seen since.
        var below: Int64?
        var seenBelow: Set<Int64> = []
        /// Per read that left a hole: that snapshot's xmax and last seq.
        var horizons: [Horizon] = []
        /// A count afresh found too many holes to read again: the next read counts afresh.
        var countAgain = false

        struct Horizon: Sendable {
            var xmax: Int64
            var seq: Int64
        }

        /// Nothing at or below the snapshot's seq can still come.
        var isSettled: Bool { holes.isEmpty && below == nil && !countAgain }

        /// After counting afresh through `seq` while transactions were in flight: every gap in the
        /// log is a hole, and everything below it unseen; nil when the gaps are too many.
        static func afterCount(through seq: Int64, horizon: (xmin: Int64, xmax: Int64),
                               _ db: any SQLConnection) throws -> CatchUp? {
            let logged = try db.values(Int64.self, "SELECT seq FROM task_changes ORDER BY seq")
            var catchUp = CatchUp()
            guard let first = logged.first else { return catchUp }
            var next = first
            for seq in logged {
                while next < seq {
                    catchUp.holes.insert(next)
                    next += 1
                    if catchUp.holes.count > maximumHoles { return nil }
                }
                next = seq + 1
            }
            catchUp.below = first
            catchUp.horizons = [Horizon(xmax: horizon.xmax, seq: seq)]
            return catchUp
        }

        /// Takes in the seqs one read found (above `previous`, in holes, below `below`), `last`
        /// being the highest it saw: the seqs to apply, or nil when the log's trim may have removed
        /// a change never seen (count afresh).
        mutating func see(_ found: [Int64], after previous: Int64, through last: Int64) -> Set<Int64>? {
            let fresh = Set(found).subtracting(seenBelow)
            for seq in fresh where seq % Self.trimEvery == 0 {
                let cut = seq - Self.trimKeeps
                if below != nil && cut > 0 || holes.contains(where: { $0 <= cut }) { return nil }
            }
            if let below { seenBelow.formUnion(fresh.filter { $0 < below }) }
            holes.subtract(fresh)
            if previous < last {
                for seq in (previous + 1)...last where !fresh.contains(seq) { holes.insert(seq) }
            }
            return fresh
        }

        /// Settles, as of a snapshot whose bounds are `horizon`, the holes its xmin has passed;
        /// `noted` says whether this read left new holes (through `seq`).
        mutating func settle(noted: Bool, through seq: Int64, horizon: (xmin: Int64, xmax: Int64)) {
            if noted { horizons.append(Horizon(xmax: horizon.xmax, seq: seq)) }
            let through = horizons.filter { $0.xmax <= horizon.xmin }.map(\.seq).max()
            horizons.removeAll { $0.xmax <= horizon.xmin }
            if let through {
                holes = holes.filter { $0 > through }
                if let below, below <= through {
                    self.below = nil
                    seenBelow = []
                }
            }
            if holes.isEmpty && below == nil { horizons = [] }
        }
    }
}
