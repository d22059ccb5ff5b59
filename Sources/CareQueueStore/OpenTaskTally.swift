import CareQueueCore
import Foundation
import GRDB
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
/// away from the last count, counts afresh.
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

    /// The counts as of `asOf` (stored text), through change `seq`.
    struct Snapshot: Sendable {
        var seq: Int64
        var asOf: String
        var groups: [Group: Counts]
    }

    /// Changes applied at most before counting afresh is cheaper.
    static let maximumChanges = 2_000
    /// The clock moved this far from the last count: count afresh rather than read the range.
    static let maximumClockStep: TimeInterval = 86_400

    private let cached = Mutex<Snapshot?>(nil)

    /// The counts as of `now`, read in `db`'s transaction.
    func counts(at now: Date, _ db: Database) throws -> [Group: Counts] {
        let nowText = StoreTime.text(now)
        let seq = try Self.lastChange(db)
        var snapshot = cached.withLock { $0 }
        if let current = snapshot, let updated = try Self.advance(current, to: seq, db) {
            snapshot = updated
        } else {
            snapshot = try Self.count(asOf: nowText, seq: seq, db)
        }
        guard var snapshot else { return [:] }
        if snapshot.asOf != nowText {
            let step = abs(now.timeIntervalSince(StoreTime.date(snapshot.asOf) ?? now))
            snapshot = step > Self.maximumClockStep ? try Self.count(asOf: nowText, seq: seq, db)
                : try Self.moveClock(snapshot, to: nowText, db)
        }
        let result = snapshot
        cached.withLock { $0 = result }
        return result.groups
    }

    /// Open tasks in queue `npi`, when the counts are current as of the last write (nil: count them).
    func openCount(npi: String?, _ db: Database) throws -> Int? {
        guard let snapshot = cached.withLock({ $0 }), snapshot.seq == (try Self.lastChange(db)) else { return nil }
        return snapshot.groups.reduce(0) { $0 + ($1.key.npi == npi ? $1.value.open : 0) }
    }

    /// Forgets the counts (tests, and a store replaced under a running process).
    func reset() {
        cached.withLock { $0 = nil }
    }

    /// The last write to `tasks` (0 before any).
    static func lastChange(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT max(seq) FROM task_changes")) ?? 0
    }

    /// Every open task counted, as of `asOf`: the queue-order index holds all the columns.
    static func count(asOf: String, seq: Int64, _ db: Database) throws -> Snapshot {
        var groups: [Group: Counts] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT assigned_npi, urgency, COUNT(*), SUM(due_at IS NOT NULL AND due_at <= ?), SUM(escalation_level > 0),
                SUM(due_at IS NOT NULL), SUM(escalation_level = 2)
            FROM tasks INDEXED BY tasks_open_queue_order WHERE status <> 'closed' GROUP BY assigned_npi, urgency
            """), arguments: [asOf])
        while let row = try rows.next() {
            groups[Group(npi: row[0], urgency: row[1])] = Counts(open: row[2], overdue: row[3], escalated: row[4],
                                                                 waiting: row[5], levelTwo: row[6])
        }
        return Snapshot(seq: seq, asOf: asOf, groups: groups)
    }

    /// `snapshot` with the changes after its `seq` through `seq` applied; nil when they are no
    /// longer all in the log, or too many.
    private static func advance(_ snapshot: Snapshot, to seq: Int64, _ db: Database) throws -> Snapshot? {
        if seq == snapshot.seq { return snapshot }
        guard seq > snapshot.seq, seq - snapshot.seq <= Int64(maximumChanges) else { return nil }
        let changes = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT seq, old_status, old_assigned_npi, old_urgency, old_due_at, old_escalation_level,
                new_status, new_assigned_npi, new_urgency, new_due_at, new_escalation_level
            FROM task_changes WHERE seq > ? AND seq <= ? ORDER BY seq
            """), arguments: [snapshot.seq, seq])
        guard changes.count == Int(seq - snapshot.seq) else { return nil }
        var result = snapshot
        for change in changes {
            result.apply(status: change[1], npi: change[2], urgency: change[3], dueAt: change[4], level: change[5], sign: -1)
            result.apply(status: change[6], npi: change[7], urgency: change[8], dueAt: change[9], level: change[10], sign: 1)
        }
        result.seq = seq
        return result
    }

    /// `snapshot` as of `now`: the tasks whose due time lies between the two instants move in or
    /// out of overdue. Reads the find-order index's two due-time ranges (critical and not).
    private static func moveClock(_ snapshot: Snapshot, to now: String, _ db: Database) throws -> Snapshot {
        let forward = now > snapshot.asOf
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT assigned_npi, urgency, COUNT(*) FROM tasks INDEXED BY tasks_open_find
            WHERE status <> 'closed' AND (urgency <> 'critical') IN (0, 1) AND (due_at IS NULL) = 0
                AND due_at > ? AND due_at <= ?
            GROUP BY assigned_npi, urgency
            """), arguments: forward ? [snapshot.asOf, now] : [now, snapshot.asOf])
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
