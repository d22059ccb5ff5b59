import CareQueueCore
import Foundation

/// The sign-off clock's side of the escalation sweep: gated tasks nobody signed, past `[windows] signoff`.
enum SignoffEscalationRows {
    static let kind = "signoff"

    /// Tasks still waiting at one sign-off level and tier (binds the level, then the tier): the
    /// terms of `tasks_signoff_candidates`, so each read is one range of it.
    static func waiting(_ dialect: SQLDialect) -> String { """
        FROM tasks \(dialect.indexedBy("tasks_signoff_candidates"))
        WHERE status <> 'closed' AND signed_off_at IS NULL AND signoff_escalation_level < 2
            AND signoff_escalation_level = ? AND urgency = ? AND kind <> 'missing-result'
        """
    }

    /// Waiting tasks past their next sign-off threshold, from `tasks_signoff_candidates`: one range
    /// per level and gated tier.
    static func due(at now: Date, window: TimeInterval, required: [Urgency], roster: Roster,
                    _ db: any SQLConnection) throws -> [(subject: SignoffSubject, steps: [EscalationStep])] {
        guard !required.isEmpty else { return [] }
        let names = roster.providers.mapValues(\.name)
        var due: [(SignoffSubject, [EscalationStep])] = []
        for level in 0...1 {
            let cutoff = StoreTime.text(now.addingTimeInterval(-Double(level + 1) * window))
            for tier in required {
                let rows = try db.fetchAll("SELECT * " + waiting(db.dialect)
                                           + " AND clock_started_at <= ? AND result_status <> 'X'") {
                    $0.add(level)
                    $0.add(tier.rawValue)
                    $0.add(cutoff)
                }.map(TaskRecord.init)
                for row in rows {
                    guard let since = row.clockStartedAt.flatMap(StoreTime.date) else { continue }
                    let subject = SignoffSubject(taskID: row.id, assignedNPI: row.assignedNPI,
                                                 awaited: row.signoffState(required: required, names: names).awaited,
                                                 waitingSince: since, level: level)
                    let steps = SignoffClock.due(for: subject, at: now, window: window, roster: roster)
                    if !steps.isEmpty { due.append((subject, steps)) }
                }
            }
        }
        return due.sorted { $0.0.taskID < $1.0.taskID }
    }

    /// Records each due sign-off step of at most `limit` tasks once, with an audit row, and raises
    /// those tasks' sign-off levels; returns what it recorded and how many tasks it handled.
    static func record(at now: Date, window: TimeInterval, required: [Urgency], limit: Int, audit: AuditTrail,
                       _ db: any SQLConnection) throws -> (recorded: [RecordedEscalation], tasks: Int) {
        let due = try due(at: now, window: window, required: required, roster: RosterRows.roster(db), db).prefix(limit)
        var recorded: [RecordedEscalation] = []
        for (subject, steps) in due {
            recorded += try EscalationRows.record(steps, of: subject.taskID, kind: kind,
                                                  levelColumn: "signoff_escalation_level",
                                                  clockStartedAt: subject.waitingSince, at: now, audit: audit, db)
        }
        return (recorded, due.count)
    }

    /// The earliest instant after `now` at which a waiting task reaches its next sign-off level.
    static func nextDue(after now: Date, window: TimeInterval, required: [Urgency],
                        _ db: any SQLConnection) throws -> Date? {
        var next: [Date] = []
        for tier in required {
            for level in 0...1 {
                if let oldest = try db.value(String.self, "SELECT min(clock_started_at) " + waiting(db.dialect), {
                    $0.add(level)
                    $0.add(tier.rawValue)
                }).flatMap(StoreTime.date) {
                    next.append(SignoffClock.threshold(level: level + 1, since: oldest, window: window))
                }
            }
        }
        return next.filter { $0 > now }.min()
    }
}
