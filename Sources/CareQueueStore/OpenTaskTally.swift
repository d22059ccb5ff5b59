import CareQueueCore
import Foundation
import Synchronization

/// Open-task counts per queue and tier, counted once and then kept current: writes to `tasks`
/// are applied from `task_changes` (each change moves one task out of one group and into
/// another), and the clock by counting only the tasks that fell due since the last count.
///
/// ```
/// counted at t0, seq s0 ──▶ changes s0+1…s1 applied as of t0 ──▶ due in (t0, now] added ──▶ as of now, seq s1
/// ```
///
/// Counting afresh reads every open task (an index, but 100,000 entries); a key or a reload reads
/// only what changed. A reader more than `task_changes` keeps behind, or the clock more than a day
/// away from the last count, counts afresh. On PostgreSQL a change can commit after one with a
/// higher seq: `CatchUp` keeps the seqs not seen yet and reads them again until they settle.
final class OpenTaskTally: Sendable {
    /// One queue (nil: Unassigned) and tier.
    struct Group: Hashable, Sendable {
        var npi: String?
        var urgency: String
    }

    /// Open tasks of one group: all, due at or before the count's instant, escalated, with the
    /// clock still running (not yet acknowledged), at level 2.
    struct Counts: Equatable, Sendable {
        var open = 0
        var overdue = 0
        var escalated = 0
        var waiting = 0
        var levelTwo = 0
    }

    /// The counts as of `asOf` (stored text), with every change through `seq` that had committed
    /// applied; on PostgreSQL, `catchUp` says which changes at or below `seq` may still come.
    struct Snapshot: Sendable {
        var seq: Int64
        var asOf: String
        var groups: [Group: Counts]
        var catchUp = CatchUp()
    }

    /// Changes applied at most before counting afresh is cheaper.
    static let maximumChanges = 2_000
    /// The clock moved this far from the last count: count afresh rather than read the range.
    static let maximumClockStep: TimeInterval = 86_400

    private let cached = Mutex<Snapshot?>(nil)

    /// The counts as of `now`, read in `db`'s transaction (on PostgreSQL, a read: one snapshot).
    func counts(at now: Date, _ db: any SQLConnection) throws -> [Group: Counts] {
        let nowText = StoreTime.text(now)
        let horizon = try SnapshotHorizon.bounds(db)
        var snapshot: Snapshot
        if let current = cached.withLock({ $0 }), let updated = try Self.advance(current, horizon: horizon, db) {
            snapshot = updated
        } else {
            snapshot = try Self.count(asOf: nowText, horizon: horizon, db)
        }
        if snapshot.asOf != nowText {
            let step = abs(now.timeIntervalSince(StoreTime.date(snapshot.asOf) ?? now))
            snapshot = step > Self.maximumClockStep ? try Self.count(asOf: nowText, horizon: horizon, db)
                : try Self.moveClock(snapshot, to: nowText, db)
        }
        let result = snapshot
        cached.withLock { $0 = result }
        return result.groups
    }

    /// Open tasks in queue `npi`, when the counts are current as of the last write (nil: count them).
    func openCount(npi: String?, _ db: any SQLConnection) throws -> Int? {
        guard let snapshot = cached.withLock({ $0 }), snapshot.catchUp.isSettled,
              snapshot.seq == (try Self.lastChange(db)) else { return nil }
        return snapshot.groups.reduce(0) { $0 + ($1.key.npi == npi ? $1.value.open : 0) }
    }

    /// Forgets the counts (tests, and a store replaced under a running process).
    func reset() {
        cached.withLock { $0 = nil }
    }

    /// The last write to `tasks` (0 before any).
    static func lastChange(_ db: any SQLConnection) throws -> Int64 {
        try db.value(Int64.self, "SELECT max(seq) FROM task_changes") ?? 0
    }

    /// Every open task counted, as of `asOf`: the queue-order index holds all the columns.
    static func count(asOf: String, horizon: (xmin: Int64, xmax: Int64)?, _ db: any SQLConnection) throws -> Snapshot {
        let seq = try lastChange(db)
        var groups: [Group: Counts] = [:]
        let rows = try db.fetchAll("""
            SELECT assigned_npi, urgency, COUNT(*), SUM(CASE WHEN due_at <= ? THEN 1 ELSE 0 END),
                SUM(CASE WHEN escalation_level > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN due_at IS NOT NULL THEN 1 ELSE 0 END),
                SUM(CASE WHEN escalation_level = 2 THEN 1 ELSE 0 END)
            FROM tasks \(db.dialect.indexedBy("tasks_open_queue_order")) WHERE status <> 'closed'
            GROUP BY assigned_npi, urgency
            """) { $0.add(asOf) }
        for row in rows {
            groups[Group(npi: row[0], urgency: row[1])] = Counts(open: row[2], overdue: row[3], escalated: row[4],
                                                                 waiting: row[5], levelTwo: row[6])
        }
        var snapshot = Snapshot(seq: seq, asOf: asOf, groups: groups)
        if let horizon, horizon.xmin < horizon.xmax {
            // Transactions were in flight: each change they commit later is one this count lacks.
            guard let catchUp = try CatchUp.afterCount(through: seq, horizon: horizon, db) else {
                snapshot.catchUp.countAgain = true
                return snapshot
            }
            snapshot.catchUp = catchUp
        }
        return snapshot
    }

    /// `snapshot` with the changes committed since applied; nil when they may no longer all be in
    /// the log, or are too many.
    private static func advance(_ snapshot: Snapshot, horizon: (xmin: Int64, xmax: Int64)?,
                                _ db: any SQLConnection) throws -> Snapshot? {
        guard !snapshot.catchUp.countAgain else { return nil }
        let seq = try lastChange(db)
        if seq == snapshot.seq, snapshot.catchUp.isSettled { return snapshot }
        guard seq >= snapshot.seq, seq - snapshot.seq <= Int64(maximumChanges),
              snapshot.catchUp.holes.count <= CatchUp.maximumHoles else { return nil }
        var condition = "seq > ?"
        let holes = snapshot.catchUp.holes.sorted()
        if !holes.isEmpty { condition += " OR seq IN (" + Array(repeating: "?", count: holes.count).joined(separator: ", ") + ")" }
        if snapshot.catchUp.below != nil { condition += " OR seq < ?" }
        let changes = try db.fetchAll("""
            SELECT seq, old_status, old_assigned_npi, old_urgency, old_due_at, old_escalation_level,
                new_status, new_assigned_npi, new_urgency, new_due_at, new_escalation_level
            FROM task_changes WHERE \(condition) ORDER BY seq
            """) {
            $0.add(snapshot.seq)
            for hole in holes { $0.add(hole) }
            if let below = snapshot.catchUp.below { $0.add(below) }
        }
        let found = changes.map { $0[0] as Int64 }
        // SQLite's seqs have no gaps: one missing means the log was trimmed past this reader.
        if db.dialect == .sqlite, found.count != Int(seq - snapshot.seq) { return nil }
        var result = snapshot
        guard let fresh = result.catchUp.see(found, after: snapshot.seq, through: seq) else { return nil }
        for change in changes where fresh.contains(change[0]) {
            result.apply(status: change[1], npi: change[2], urgency: change[3], dueAt: change[4], level: change[5], sign: -1)
            result.apply(status: change[6], npi: change[7], urgency: change[8], dueAt: change[9], level: change[10], sign: 1)
        }
        result.seq = max(seq, snapshot.seq)
        if let horizon {
            let noted = !result.catchUp.holes.isSubset(of: snapshot.catchUp.holes)
            result.catchUp.settle(noted: noted, through: result.seq, horizon: horizon)
        }
        return result
    }

    /// Due ranges of the find-order index, grouped: the tasks whose due time lies in `(?, ?]`. On
    /// SQLite the terms name the index's leading expressions, so it reads two ranges of it.
    static func dueBetweenSQL(_ dialect: SQLDialect) -> String {
        let terms = dialect == .sqlite ? "(urgency <> 'critical') IN (0, 1) AND (due_at IS NULL) = 0"
            : "due_at IS NOT NULL"
        return """
            SELECT assigned_npi, urgency, COUNT(*) FROM tasks \(dialect.indexedBy("tasks_open_find"))
            WHERE status <> 'closed' AND \(terms) AND due_at > ? AND due_at <= ?
            GROUP BY assigned_npi, urgency
            """
    }

    /// `snapshot` as of `now`: the tasks whose due time lies between the two instants move in or
    /// out of overdue. Reads the find-order index's two due-time ranges (critical and not).
    private static func moveClock(_ snapshot: Snapshot, to now: String, _ db: any SQLConnection) throws -> Snapshot {
        let forward = now > snapshot.asOf
        let rows = try db.fetchAll(dueBetweenSQL(db.dialect)) {
            $0.add(forward ? snapshot.asOf : now)
            $0.add(forward ? now : snapshot.asOf)
        }
        var result = snapshot
        for row in rows {
            let group = Group(npi: row[0], urgency: row[1])
            let moved: Int = row[2]
            result.groups[group, default: Counts()].overdue += forward ? moved : -moved
        }
        result.asOf = now
        return result
    }
}

extension OpenTaskTally.Snapshot {
    /// Adds (`sign` 1) or removes (-1) one task as it was, when it was open.
    fileprivate mutating func apply(status: String?, npi: String?, urgency: String?, dueAt: String?, level: Int?,
                                    sign: Int) {
        guard let status, status != "closed", let urgency else { return }
        let group = OpenTaskTally.Group(npi: npi, urgency: urgency)
        var counts = groups[group, default: OpenTaskTally.Counts()]
        counts.open += sign
        if let dueAt, dueAt <= asOf { counts.overdue += sign }
        if (level ?? 0) > 0 { counts.escalated += sign }
        if dueAt != nil { counts.waiting += sign }
        if level == 2 { counts.levelTwo += sign }
        groups[group] = counts == OpenTaskTally.Counts() ? nil : counts
    }
}
