import CareQueueCore
import Foundation
import GRDB

extension TaskRecord {
    /// The stored sign-off; nil while nobody signed (or when signed_off_at is not in the stored form).
    var signed: Signoff? {
        guard let at = signedOffAt.flatMap(StoreTime.date), let npi = signedOffNPI else { return nil }
        return Signoff(providerName: signedOffBy ?? npi, npi: npi, at: at, note: signoffNote ?? "")
    }

    /// Where the task stands with sign-off under `required` (`[workflow] signoff_required`);
    /// `names` are the roster's names by NPI, for whose sign-off it waits.
    func signoffState(required: [Urgency], names: [String: String]) -> SignoffState {
        let tier = Urgency(rawValue: urgency) ?? .routine
        // A missing result has nothing to review.
        let gated = kind != TaskKind.missingResult.rawValue
            && SignoffRule.isRequired(urgency: tier, resultStatus: resultStatus, required: required)
        return SignoffState(required: gated,
                            awaited: SignoffRule.awaitedProvider(assignedNPI: assignedNPI, orderingNPI: orderingNPI,
                                                                 names: names),
                            orderingNPI: orderingNPI, signed: signed)
    }
}

/// The sign-off clock's side of the escalation sweep: gated tasks nobody signed, past `[windows] signoff`.
enum SignoffEscalationRows {
    static let kind = "signoff"

    /// Tasks still waiting at one sign-off level and tier (binds the level, then the tier): the
    /// terms of `tasks_signoff_candidates`, so each read is one range of it.
    static let waiting = """
        FROM tasks INDEXED BY tasks_signoff_candidates
        WHERE status <> 'closed' AND signed_off_at IS NULL AND signoff_escalation_level < 2
            AND signoff_escalation_level = ? AND urgency = ? AND kind <> 'missing-result'
        """

    /// Waiting tasks past their next sign-off threshold, from `tasks_signoff_candidates`: one range
    /// per level and gated tier.
    static func due(at now: Date, window: TimeInterval, required: [Urgency], roster: Roster,
                    _ db: Database) throws -> [(subject: SignoffSubject, steps: [EscalationStep])] {
        guard !required.isEmpty else { return [] }
        let names = roster.providers.mapValues(\.name)
        var due: [(SignoffSubject, [EscalationStep])] = []
        for level in 0...1 {
            let cutoff = StoreTime.text(now.addingTimeInterval(-Double(level + 1) * window))
            for tier in required {
                let rows = try TaskRecord.fetchAll(db.cachedStatement(
                    sql: "SELECT * " + waiting + " AND clock_started_at <= ? AND result_status <> 'X'"),
                    arguments: [level, tier.rawValue, cutoff])
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
                       _ db: Database) throws -> (recorded: [RecordedEscalation], tasks: Int) {
        let due = try due(at: now, window: window, required: required, roster: RosterRows.roster(db), db).prefix(limit)
        var recorded: [RecordedEscalation] = []
        for (subject, steps) in due {
            for step in steps {
                if let row = try EscalationRows.insert(step, kind: kind, clockStartedAt: subject.waitingSince, at: now,
                                                       audit: audit, db) {
                    recorded.append(row)
                }
            }
            if let level = steps.map(\.level).max() {
                try db.cachedStatement(sql: """
                    UPDATE tasks SET signoff_escalation_level = max(signoff_escalation_level, ?), version = version + 1,
                        updated_at = ?
                    WHERE id = ?
                    """).execute(arguments: [level, StoreTime.text(now), subject.taskID])
            }
        }
        return (recorded, due.count)
    }

    /// The earliest instant after `now` at which a waiting task reaches its next sign-off level.
    static func nextDue(after now: Date, window: TimeInterval, required: [Urgency], _ db: Database) throws -> Date? {
        var next: [Date] = []
        for tier in required {
            for level in 0...1 {
                if let oldest = try String.fetchOne(db.cachedStatement(sql: "SELECT min(clock_started_at) " + waiting),
                                                    arguments: [level, tier.rawValue]).flatMap(StoreTime.date) {
                    next.append(SignoffClock.threshold(level: level + 1, since: oldest, window: window))
                }
            }
        }
        return next.filter { $0 > now }.min()
    }
}

extension TaskRows {
    /// A result that changed after its sign-off (a correction, new or replaced observations) needs
    /// the provider's review again: the sign-off is cleared (its clock still counts from receipt), and the audit
    /// says what was signed and why it no longer stands. Nothing happens to a task nobody signed.
    static func clearSignoff(_ id: Int64, messageID: Int64, controlID: String, now: Date, actor: String,
                             audit: AuditTrail, _ db: any SQLConnection) throws {
        guard let row = try db.fetchOne("""
            SELECT signed_off_by, signed_off_npi, signed_off_at FROM tasks WHERE id = ? AND signed_off_at IS NOT NULL
            """, { $0.add(id) }) else { return }
        try db.execute("""
            UPDATE tasks SET signed_off_at = NULL, signed_off_by = NULL, signed_off_npi = NULL, signoff_note = NULL,
                signoff_escalation_level = 0, version = version + 1 WHERE id = ?
            """) { $0.add(id) }
        let signedBy: String? = row["signed_off_by"]
        let signedNPI: String? = row["signed_off_npi"]
        let signedAt: String? = row["signed_off_at"]
        try audit.append(at: now, user: actor, action: SignoffRule.clearedAuditAction, taskID: id, details: [
            "reason": "the result changed after sign-off", "signed_off_by": signedBy ?? "",
            "signed_off_npi": signedNPI ?? "", "signed_off_at": signedAt ?? "",
            "message_id": String(messageID), "control_id": controlID,
        ], db)
    }
}
