import CareQueueCore
import Foundation

/// When the escalation sweep next has anything to do. A sweep that found nothing due remembers
/// it until then, so the sweeps every few seconds of a listener's upkeep (and any other process's)
/// cost one small read while no task, roster or coverage row moves and no threshold passes.
///
/// On PostgreSQL other hosts write meanwhile, and ids and seqs are drawn before commit: a
/// transaction in flight when the conclusion was drawn may commit a task or message whose seq or id
/// is below the last the key saw, leaving the key as it was. So the schedule also keeps those
/// transactions (`inFlight`) and holds only while none of them has committed; any transaction begun
/// later draws higher seqs and ids, and moves the key.
struct SweepSchedule: Sendable {
    /// What the conclusion depends on: the last task write, the last derivation (orders come that
    /// way), the last message on the review list (its clock), the roster and coverage, the windows.
    struct Key: Equatable, Sendable {
        var taskChanges: Int64
        /// SQLite: the derivation mark. PostgreSQL: the transaction that last moved it, since a chunk
        /// that derives only messages below the mark (committed late) leaves its value as it was.
        var derivedThrough: Int64
        var lastOnReviewList: Int64
        var roster: Int64
        var windows: CareQueueConfig.Windows
        /// The tiers that wait for sign-off (`[workflow] signoff_required`).
        var required: [Urgency]
    }

    var key: Key
    /// Nothing is due before this instant while `key` holds (nil: nothing will ever be).
    var quietUntil: Date?
    /// PostgreSQL: the transactions in flight when this was concluded.
    var inFlight: [String] = []

    /// Whether a sweep at `now` can skip its work, as `db` stands.
    func isQuiet(at now: Date, key current: Key, _ db: any SQLConnection) throws -> Bool {
        guard current == key, quietUntil.map({ now < $0 }) ?? true else { return false }
        return try !SnapshotHorizon.anyCommitted(inFlight, db)
    }

    /// The schedule as `db` stands, given that nothing is due at `now`. Read in one snapshot
    /// (`engine.read`, or SQLite's writer), so the key and the instant describe the same rows.
    static func concluded(after now: Date, windows: CareQueueConfig.Windows, required: [Urgency],
                          _ db: any SQLConnection) throws -> SweepSchedule {
        SweepSchedule(key: try key(windows: windows, required: required, db),
                      quietUntil: try nextDue(after: now, windows: windows, required: required, db),
                      inFlight: try SnapshotHorizon.inFlight(db))
    }

    static func key(windows: CareQueueConfig.Windows, required: [Urgency], _ db: any SQLConnection) throws -> Key {
        let derived = db.dialect == .sqlite ? try DerivationQueue.mark(db)
            : try db.value(String.self, "SELECT CAST(xmin AS TEXT) FROM derivation_mark WHERE id = 1").flatMap { Int64($0) } ?? 0
        return Key(taskChanges: try OpenTaskTally.lastChange(db), derivedThrough: derived,
                   lastOnReviewList: try ReviewClockRows.lastOnList(db), roster: try RosterRows.version(db),
                   windows: windows, required: required)
    }

    /// The earliest instant after `now` at which a task can reach its next escalation level, a
    /// coverage boundary passes, an awaited order goes overdue or a review-list message's clock runs
    /// out, given that nothing is due at `now`; nil when none ever will.
    ///
    /// Per level and tier, the oldest running clock (an index's first entry) passes its threshold
    /// first. An Unassigned task reaches level 1 when its clock starts, so a clock that starts
    /// after `now` (a writer whose clock runs ahead) counts from its start.
    static func nextDue(after now: Date, windows: CareQueueConfig.Windows, required: [Urgency],
                        _ db: any SQLConnection) throws -> Date? {
        let candidates = """
            SELECT min(clock_started_at) FROM tasks \(db.dialect.indexedBy("tasks_escalation_candidates"))
            WHERE status <> 'closed' AND clock_stopped_at IS NULL AND escalation_level < 2
                AND escalation_level = ? AND urgency = ? AND clock_started_at > ?
            """
        let nowText = StoreTime.text(now)
        var next: [Date] = []
        for urgency in [Urgency.critical, .abnormal, .routine] {
            let window = windows.window(for: urgency)
            for level in 0...1 {
                if let oldest = try db.value(String.self, candidates, {
                    $0.add(level)
                    $0.add(urgency.rawValue)
                    $0.add("")
                }).flatMap(StoreTime.date) {
                    next.append(oldest.addingTimeInterval(window * Double(level + 1)))
                }
            }
            if let future = try db.value(String.self, candidates, {
                $0.add(0)
                $0.add(urgency.rawValue)
                $0.add(nowText)
            }).flatMap(StoreTime.date) {
                next.append(future)
            }
        }
        for boundary in ["SELECT min(starts_at) FROM coverage WHERE start_applied = 0",
                         "SELECT min(ends_at) FROM coverage WHERE end_applied = 0"] {
            if let at = try db.value(String.self, boundary).flatMap(StoreTime.date) { next.append(at) }
        }
        if let overdue = try MissingResultRows.nextDue(after: now, db) { next.append(overdue) }
        if let signoff = try SignoffEscalationRows.nextDue(after: now, window: windows.signoff, required: required, db) {
            next.append(signoff)
        }
        if let review = try ReviewClockRows.nextDue(after: now, window: windows.review, db) { next.append(review) }
        return next.min()
    }
}

extension CareQueueDatabase {
    /// The earliest instant after `now` at which the sweep may have something to record, as the
    /// store stands (a write may bring it forward); nil when nothing pending will ever fall due.
    /// A dashboard without a listener sleeps until then instead of sweeping every few seconds.
    public func nextSweepDue(after now: Date) throws -> Date? {
        let windows = windows
        let required = workflow.signoffRequired
        let now = StoreTime.truncated(now)
        return try engine.read { db in try SweepSchedule.nextDue(after: now, windows: windows, required: required, db) }
    }
}
