import CareQueueCore
import Foundation

extension CareQueueDatabase {
    /// Tasks escalated per transaction: the sweep shares the one write lock with ingest, so a
    /// backlog of thousands (a feed arriving before the roster) is recorded in short transactions
    /// that ACKs can slip between, not in one long one.
    static let sweepChunk = 200

    /// The advisory lock key of the sweep's write transactions (PostgreSQL): one sweep writes at a
    /// time, whichever host, and reads only once the last one committed.
    static let sweepLockKey: Int64 = 0x4351_5377_6565_7021 // "CQSweep!"

    /// Moves tasks for coverage that started or ended, then records every escalation due at `now`
    /// (tasks' clocks, sign-off, and review-list messages open past `[windows] review`), each once,
    /// with audit rows, `chunk` tasks (and messages) per transaction.
    ///
    /// Idempotent: a second run at the same time records nothing. Safe in every process at once
    /// (`listen`, dashboards, `escalations run`), on every host of a PostgreSQL store: each write
    /// transaction takes `sweepLockKey` before it reads, and the rows it records are unique (a
    /// step per task, kind, level and clock; a review step per message and level). Uses the
    /// configured windows and audit key.
    @discardableResult
    public func runSweep(at now: Date) throws -> SweepReport {
        try runSweep(at: now, chunk: Self.sweepChunk)
    }

    func runSweep(at now: Date, chunk: Int) throws -> SweepReport {
        // A key problem is reported by every sweep, not only by one that finds something to record.
        _ = try auditChain()
        let windows = windows
        let required = workflow.signoffRequired
        let turnaround = turnaround
        let now = StoreTime.truncated(now)
        // Most sweeps find nothing: look first on a reader, so they never take the write lock; and
        // when the last look found nothing and nothing has moved since, not even that.
        let remembered = sweepSchedule.withLock { $0 }
        let (anything, schedule) = try engine.read { db -> (Bool, SweepSchedule?) in
            let key = try SweepSchedule.key(windows: windows, required: required, db)
            if let remembered, try remembered.isQuiet(at: now, key: key, db) { return (false, remembered) }
            let roster = try RosterRows.roster(db)
            let anything = try !CoverageMoves.pendingProviders(at: now, db).isEmpty
                || MissingResultRows.anyDue(at: now, db)
                || !EscalationRows.due(at: now, windows: windows, roster: roster, db).isEmpty
                || !SignoffEscalationRows.due(at: now, window: windows.signoff, required: required, roster: roster, db).isEmpty
                || ReviewClockRows.anyDue(at: now, window: windows.review, db)
            guard !anything else { return (true, nil) }
            return (false, try SweepSchedule.concluded(after: now, windows: windows, required: required, db))
        }
        sweepSchedule.withLock { $0 = schedule }
        guard anything else { return SweepReport() }
        var report = SweepReport()
        // Coverage first, in the first chunk's transaction; a recorded step raises its task's level,
        // so the next chunk's query no longer finds it.
        var first = true
        while true {
            let movesNow = first
            first = false
            let (moves, missing, recorded, refused, finished, schedule) = try writeAudited(lockingFirst: Self.sweepLockKey) {
                db, audit -> ([CoverageMove], [MissingResultTask], [RecordedEscalation], [RecordedReviewEscalation], Bool,
                              SweepSchedule?) in
                let moves = movesNow ? try CoverageMoves.apply(at: now, audit: audit, db) : []
                // Before the escalations: a result missing long enough escalates in the same sweep.
                let missing = try MissingResultRows.create(at: now, limit: chunk, turnaround: turnaround, windows: windows,
                                                           timeZone: .current, audit: audit, db)
                let (clock, clockTasks) = try EscalationRows.record(at: now, windows: windows, limit: chunk, audit: audit, db)
                let (signoff, signoffTasks) = try SignoffEscalationRows.record(
                    at: now, window: windows.signoff, required: required, limit: chunk, audit: audit, db)
                let (refused, messages) = try ReviewClockRows.record(at: now, window: windows.review, limit: chunk,
                                                                     audit: audit, db)
                let recorded = clock + signoff
                let tasks = max(clockTasks, signoffTasks)
                // The last chunk leaves nothing due at `now`. On SQLite no other writer can have moved
                // anything meanwhile (this transaction holds the write lock): remember until when. On
                // PostgreSQL each statement of this transaction reads its own snapshot while other
                // hosts write: the next sweep concludes on a reader instead.
                let finished = tasks < chunk && missing.count < chunk && messages < chunk
                let schedule = finished && db.dialect == .sqlite
                    ? try SweepSchedule.concluded(after: now, windows: windows, required: required, db) : nil
                return (moves, missing, recorded, refused, finished, schedule)
            }
            report.moves += moves
            report.missingResults += missing
            report.escalations += recorded
            report.refusedMessages += refused
            if finished {
                sweepSchedule.withLock { $0 = schedule }
                return report
            }
        }
    }

    /// Only the coverage part of the sweep, as of `now` (right after `coverage import`).
    @discardableResult
    public func applyCoverageChanges(at now: Date) throws -> [CoverageMove] {
        let now = StoreTime.truncated(now)
        return try writeAudited(lockingFirst: Self.sweepLockKey) { db, audit in
            try CoverageMoves.apply(at: now, audit: audit, db)
        }
    }

    /// The escalations recorded for task `id`, oldest first.
    public func escalations(ofTask id: Int64) throws -> [RecordedEscalation] {
        try engine.read { db in try EscalationRows.fetch(where: "task_id = ?", order: "id", db) { $0.add(id) } }
    }

    /// The most recent escalations, newest first (the dashboard's ticker).
    public func recentEscalations(limit: Int) throws -> [RecordedEscalation] {
        try engine.read { db in
            try EscalationRows.fetch(where: "1 = 1", order: "id DESC LIMIT ?", db) { $0.add(max(0, limit)) }
        }
    }
}

/// The escalations table and the candidate query behind the sweep.
enum EscalationRows {
    /// The steps due at `now` for open tasks with a running clock, per `EscalationPolicy`.
    static func due(at now: Date, windows: CareQueueConfig.Windows, roster: Roster,
                    _ db: any SQLConnection) throws -> [(subject: EscalationSubject, steps: [EscalationStep])] {
        // Only rows whose next threshold has passed, so a quiet sweep reads next to nothing; the
        // policy still decides.
        let rows = try db.fetchAll(candidatesSQL(db.dialect)) { bindings in
            for range in candidateRanges(at: now, windows: windows) {
                bindings.add(range.level)
                bindings.add(range.urgency)
                bindings.add(range.cutoff)
            }
        }.map(EscalationCandidate.init).sorted { $0.id < $1.id }
        return rows.compactMap { row in
            guard let started = row.clockStartedAt.flatMap(StoreTime.date) else { return nil }
            let subject = EscalationSubject(taskID: row.id, urgency: Urgency(rawValue: row.urgency) ?? .routine,
                                            status: TaskStatus(rawValue: row.status) ?? .open,
                                            assignedNPI: row.assignedNPI, clockStartedAt: started,
                                            level: row.escalationLevel)
            let steps = EscalationPolicy.due(for: subject, at: now, windows: windows, roster: roster)
            return steps.isEmpty ? nil : (subject, steps)
        }
    }

    /// Open tasks with a running clock past their next threshold: one range of
    /// `tasks_escalation_candidates` per level and tier, and the Unassigned queue's level-0 tasks
    /// (which escalate at once) from `tasks_open_queue_order` — never a scan of every task. No
    /// ORDER BY: sorting the union by id would have SQLite walk the whole table in id order.
    static func candidatesSQL(_ dialect: SQLDialect) -> String {
        let columns = "SELECT id, urgency, status, assigned_npi, clock_started_at, escalation_level FROM tasks "
        let running = "WHERE status <> 'closed' AND clock_stopped_at IS NULL AND escalation_level < 2 AND "
        let byThreshold = columns + dialect.indexedBy("tasks_escalation_candidates") + " " + running
            + "escalation_level = ? AND urgency = ? AND clock_started_at <= ?"
        let unassigned = columns + dialect.indexedBy("tasks_open_queue_order") + " " + running
            + "escalation_level = 0 AND assigned_npi IS NULL"
        return (Array(repeating: byThreshold, count: 6) + [unassigned]).joined(separator: " UNION ")
    }

    /// The level, tier and cutoff of each threshold range in `candidatesSQL`, as of `now`.
    static func candidateRanges(at now: Date, windows: CareQueueConfig.Windows)
        -> [(level: Int, urgency: String, cutoff: String)] {
        var ranges: [(level: Int, urgency: String, cutoff: String)] = []
        for (level, multiple) in [(0, 1.0), (1, 2.0)] {
            for urgency in [Urgency.critical, .abnormal, .routine] {
                ranges.append((level, urgency.rawValue,
                               StoreTime.text(now.addingTimeInterval(-multiple * windows.window(for: urgency)))))
            }
        }
        return ranges
    }

    /// Records each due step of at most `limit` tasks once (per task, level and clock) with an audit
    /// row, and raises those tasks' levels; returns what it recorded and how many tasks it handled.
    static func record(at now: Date, windows: CareQueueConfig.Windows, limit: Int, audit: AuditTrail,
                       _ db: any SQLConnection) throws -> (recorded: [RecordedEscalation], tasks: Int) {
        var recorded: [RecordedEscalation] = []
        let due = try due(at: now, windows: windows, roster: RosterRows.roster(db), db).prefix(limit)
        for (subject, steps) in due {
            recorded += try record(steps, of: subject.taskID, kind: "clock", levelColumn: "escalation_level",
                                   clockStartedAt: subject.clockStartedAt, at: now, audit: audit, db)
        }
        return (recorded, due.count)
    }

    /// Records `steps` of one task's `kind` clock (each once, see `insert`) and raises the task's
    /// `levelColumn` (`escalation_level`, `signoff_escalation_level`) to the highest of them.
    static func record(_ steps: [EscalationStep], of taskID: Int64, kind: String, levelColumn: String,
                       clockStartedAt: Date, at now: Date, audit: AuditTrail,
                       _ db: any SQLConnection) throws -> [RecordedEscalation] {
        let recorded = try steps.compactMap { step in
            try insert(step, kind: kind, clockStartedAt: clockStartedAt, at: now, audit: audit, db)
        }
        if let level = steps.map(\.level).max() {
            try db.execute("""
                UPDATE tasks SET \(levelColumn) = \(db.dialect.greatest(levelColumn, "?")),
                    version = version + 1, updated_at = ?
                WHERE id = ?
                """) {
                $0.add(level)
                $0.add(StoreTime.text(now))
                $0.add(taskID)
            }
        }
        return recorded
    }

    /// Records `step` of the `kind` clock (`clock`: the tier's; `signoff`) that started at
    /// `clockStartedAt`, with its audit row, unless it is already recorded (then nil).
    static func insert(_ step: EscalationStep, kind: String, clockStartedAt: Date, at now: Date, audit: AuditTrail,
                       _ db: any SQLConnection) throws -> RecordedEscalation? {
        let inserted = try db.execute("""
            INSERT INTO escalations (task_id, kind, level, clock_started_at, due_at, recorded_at, target, target_npis, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (task_id, kind, level, clock_started_at) DO NOTHING
            """) {
            $0.add(step.taskID)
            $0.add(kind)
            $0.add(step.level)
            $0.add(StoreTime.text(clockStartedAt))
            $0.add(StoreTime.text(step.dueAt))
            $0.add(StoreTime.text(now))
            $0.add(step.target)
            $0.add(JSONText.array(step.targetNPIs))
            $0.add(step.reason)
        }
        guard inserted == 1 else { return nil }
        try audit.append(at: now, user: "carequeue", action: "escalation", taskID: step.taskID, details: [
            "kind": kind, "level": String(step.level), "due_at": StoreTime.text(step.dueAt), "target": step.target,
            "target_npis": step.targetNPIs.joined(separator: ","), "reason": step.reason,
            "clock_started_at": StoreTime.text(clockStartedAt),
        ], db)
        return RecordedEscalation(taskID: step.taskID, level: step.level, dueAt: step.dueAt, recordedAt: now,
                                  target: step.target, targetNPIs: step.targetNPIs, reason: step.reason)
    }

    /// Escalations matching `condition`, in `order`; both are fixed SQL, every value is bound by `bind`.
    static func fetch(where condition: String, order: String, _ db: any SQLConnection,
                      _ bind: (inout SQLBindings) -> Void) throws -> [RecordedEscalation] {
        try db.fetchAll("SELECT * FROM escalations WHERE \(condition) ORDER BY \(order)", bind)
            .map(EscalationRecord.init).map { row in
                RecordedEscalation(taskID: row.taskID, level: row.level, dueAt: StoreTime.date(row.dueAt) ?? .distantPast,
                                   recordedAt: StoreTime.date(row.recordedAt) ?? .distantPast, target: row.target,
                                   targetNPIs: JSONText.strings(row.targetNPIs), reason: row.reason)
            }
    }
}

/// The columns of a `tasks` row the escalation rules read. The sweep runs every few seconds in
/// every process and may meet thousands of new Unassigned tasks: it reads six columns, not the record.
private struct EscalationCandidate {
    typealias Columns = TaskRecord.Columns

    var id: Int64
    var urgency: String
    var status: String
    var assignedNPI: String?
    var clockStartedAt: String?
    var escalationLevel: Int

    init(_ row: SQLRow) {
        id = row[Columns.id]
        urgency = row[Columns.urgency]
        status = row[Columns.status]
        assignedNPI = row[Columns.assignedNPI]
        clockStartedAt = row[Columns.clockStartedAt]
        escalationLevel = row[Columns.escalationLevel]
    }
}
