import CareQueueCore
import Foundation

extension CareQueueDatabase {
    /// The charge nurse's digest over `period`, one row per group (see `QueueReport`).
    public func queueReport(period: ReportPeriod, windows: CareQueueConfig.Windows,
                            by grouping: QueueReport.Grouping = .provider) throws -> [QueueReport.Row] {
        let period = ReportRows.wholeSeconds(period)
        let (tasks, providers) = try engine.read { db in
            (try ReportRows.tasks(period, db), try RosterRows.providers(db))
        }
        return QueueReport.rows(tasks: tasks, providers: providers, period: period, windows: windows, by: grouping)
    }

    /// Of the critical results received in [from, to): how many were acknowledged within the
    /// critical window, of how many decided by `to` (see `CriticalAcknowledgement`). Reads only
    /// the criticals received in the range (through `tasks_received`) and their audit rows, so it
    /// stays cheap however many tasks the store holds: the board runs it on every refresh.
    public func criticalAcknowledgement(from: Date, to: Date,
                                        windows: CareQueueConfig.Windows) throws -> (within: Int, decided: Int) {
        let period = ReportRows.wholeSeconds(ReportPeriod(from: from, to: to))
        guard period.from < period.to else { return (0, 0) }
        let histories = try engine.read { db in
            let received = try db.fetchAll(ReportRows.criticalsReceivedSQL) { ReportRows.bind(period, &$0) }
            let events = try ReportRows.events(ofReceived: period, criticalOnly: true, db)
            return received.compactMap { row -> ResultHandling? in
                guard let at = StoreTime.date(row["received_at"]) else { return nil }
                return ResultHandling(receivedAt: at, events: events[row["id"]] ?? [])
            }
        }
        return CriticalAcknowledgement.counts(histories, window: windows.critical, at: period.to)
    }
}

/// What `report` reads: tasks and the audit rows of the period's results.
enum ReportRows {
    /// Audit actions the period figures read (`ResultHandling.Event`).
    static let eventActions = Array(ResultHandling.actions) + [
        TaskRevisionAudit.undone, TaskEvent.Action.urgencyRaised.rawValue, TaskEvent.Action.cancelledByLab.rawValue,
    ]

    /// Stored times are whole seconds (cut down): so are the bounds compared with them. The end is
    /// rounded up, so what was stored as 12:00:00 counts in a period ending "now" at 12:00:00.4.
    static func wholeSeconds(_ period: ReportPeriod) -> ReportPeriod {
        let end = StoreTime.truncated(period.to)
        return ReportPeriod(from: StoreTime.truncated(period.from), to: end < period.to ? end.addingTimeInterval(1) : end)
    }

    /// Binds the period as a range [from, to) of stored instants.
    static func bind(_ period: ReportPeriod, _ bindings: inout SQLBindings) {
        bindings.add(StoreTime.text(period.from))
        bindings.add(StoreTime.text(period.to))
    }

    /// Open tasks (the as-of figures), tasks closed since the period began (its closes and stopped
    /// clocks) and the tasks received in it (with their histories), each through an index.
    static func tasks(_ period: ReportPeriod, _ db: any SQLConnection) throws -> [QueueReport.Task] {
        let events = try events(ofReceived: period, criticalOnly: false, db)
        return try db.fetchAll("""
            SELECT * FROM tasks WHERE id IN (
                SELECT id FROM tasks WHERE status <> 'closed'
                UNION SELECT id FROM tasks WHERE closed_at >= ?
                UNION SELECT id FROM tasks WHERE received_at >= ? AND received_at < ?)
            """, {
                $0.add(StoreTime.text(period.from))
                bind(period, &$0)
            }).map(TaskRecord.init).compactMap { row -> QueueReport.Task? in
            guard let started = row.clockStartedAt.flatMap(StoreTime.date),
                  let received = StoreTime.date(row.receivedAt) else { return nil }
            var task = QueueReport.Task(assignedNPI: row.assignedNPI, urgency: Urgency(rawValue: row.urgency) ?? .routine,
                                        status: TaskStatus(rawValue: row.status) ?? .open, clockStartedAt: started,
                                        dueAt: row.dueAt.flatMap(StoreTime.date),
                                        clockStoppedAt: row.clockStoppedAt.flatMap(StoreTime.date),
                                        escalationLevel: row.escalationLevel, closure: row.closure,
                                        history: ResultHandling(receivedAt: received, events: events[row.id] ?? []))
            task.isResult = row.kind != TaskKind.missingResult.rawValue
            return task
        }
    }

    /// The audit rows the figures read, by task, for the tasks received in `period` (read
    /// through `tasks_received`, then each task's rows through `audit_task`).
    static func events(ofReceived period: ReportPeriod, criticalOnly: Bool,
                       _ db: any SQLConnection) throws -> [Int64: [ResultHandling.Event]] {
        let rows = try db.fetchAll(eventsSQL(db.dialect, criticalOnly: criticalOnly)) { bind(period, &$0) }
        var events: [Int64: [ResultHandling.Event]] = [:]
        for row in rows {
            guard let at = StoreTime.date(row["at"]), let kind = kind(row) else { continue }
            events[row["task_id"], default: []].append(ResultHandling.Event(seq: row["seq"], at: at, kind: kind))
        }
        return events
    }

    /// The critical tasks received in a range (`bind`'s values).
    static let criticalsReceivedSQL = """
        SELECT id, received_at FROM tasks
        WHERE received_at >= ? AND received_at < ? AND urgency = 'critical' AND kind = 'result'
        """

    /// The audit rows `ResultHandling` reads (it orders them by seq), of the tasks received in a range.
    static func eventsSQL(_ dialect: SQLDialect, criticalOnly: Bool) -> String {
        """
        SELECT task_id, seq, at, action, \(dialect.jsonInteger("details", "undone_seq")) AS undone_seq,
            \(dialect.jsonText("details", "to")) AS raised_to
        FROM audit
        WHERE task_id IN (SELECT id FROM tasks WHERE received_at >= ? AND received_at < ?
                          \(criticalOnly ? "AND urgency = 'critical'" : ""))
            AND action IN (\(eventActions.map { "'\($0)'" }.joined(separator: ", ")))
        """
    }

    private static func kind(_ row: SQLRow) -> ResultHandling.Event.Kind? {
        let action: String = row["action"]
        switch action {
        case TaskRevisionAudit.undone: return (row["undone_seq"] as Int64?).map { .undid(seq: $0) }
        case TaskEvent.Action.urgencyRaised.rawValue:
            return row["raised_to"] == Urgency.critical.rawValue ? .becameCritical : nil
        case TaskEvent.Action.cancelledByLab.rawValue: return .cancelledByLab
        default: return .action(action)
        }
    }
}
