import CareQueueCore
import Foundation
import HL7

/// What this process writes to the outbox: the destination's settings (nil: nothing) and how long a
/// new row is held before it may leave — the undo window of whoever can still undo the action.
public struct OutboxPolicy: Sendable, Equatable {
    public var outbound: CareQueueConfig.Outbound?
    public var hold: TimeInterval

    public init(outbound: CareQueueConfig.Outbound?, hold: TimeInterval) {
        self.outbound = outbound
        self.hold = max(0, hold)
    }
}

/// Writing outbox rows inside the transaction of the action they report.
enum OutboxRows {
    /// Encodes the message for `kind` on task `taskID` and inserts its row, when `[outbound]` asks
    /// for that event; returns the row id. `auditSeq` is the action's audit row.
    @discardableResult
    static func enqueue(_ kind: OutboundEvent.Kind, taskID: Int64, at now: Date, user: String, account: String,
                        outcome: String? = nil, note: String = "", callbackAt: Date? = nil, auditSeq: Int64,
                        policy: OutboxPolicy, _ db: any SQLConnection) throws -> Int64? {
        // A missing result is CareQueue's own chase of the EHR's order: there is no result to report on.
        guard let settings = policy.outbound, settings.events.contains(kind),
              let task = try CareQueueDatabase.listItem(id: taskID, db), task.kind == .result else { return nil }
        let raw = try db.bytes("""
            SELECT m.raw FROM messages m JOIN tasks t ON t.latest_message_id = m.id WHERE t.id = ?
            """) { $0.add(taskID) }
        let pid = raw.flatMap(OutboundMessage.originalPID(inRaw:)) ?? OutboundMessage.minimalPID(mrn: task.mrn, patient: task.patient)
        let actor = OutboundEvent.Actor(label: user, account: account, roster: try RosterRows.roster(db))
        let event = OutboundEvent(kind: kind, taskID: taskID, at: now, actor: actor, outcome: outcome, note: note,
                                  callbackAt: callbackAt, result: OutboundEvent.Result(task: task))
        let controlID = RandomControlIDGenerator().next()
        let message = OutboundMessage.encode(event, originalPID: pid, settings: settings, controlID: controlID, at: now)
        // `now` is cut to the second; the undo offer runs from the instant itself, so a held row
        // waits one second more rather than leave while undo is still offered.
        let deliverable = StoreTime.text(now.addingTimeInterval(policy.hold > 0 ? policy.hold + 1 : 0))
        return try db.insertReturningID("""
            INSERT INTO outbox (task_id, event, audit_seq, control_id, message_type, message, status, created_at,
                                deliverable_at, next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, 'waiting', ?, ?, ?)
            """) {
            $0.add(taskID)
            $0.add(kind.rawValue)
            $0.add(auditSeq)
            $0.add(controlID)
            $0.add(settings.message.rawValue)
            $0.add(message)
            $0.add(StoreTime.text(now))
            $0.add(deliverable)
            $0.add(deliverable)
        }
    }

    /// Undo of the action with audit row `seq`: nil when its messages may be cancelled (none has
    /// left), else why not.
    static func undoRefusal(actionSeq seq: Int64, action: String, taskID: Int64, _ db: any SQLConnection) throws -> String? {
        if db.dialect == .postgres {
            // Held to the end of the undo: a worker on another host cannot count a send of one of
            // these rows between this check and `cancel` (its claim waits, then finds it cancelled).
            try db.execute("SELECT id FROM outbox WHERE audit_seq = ? AND task_id = ? ORDER BY id FOR UPDATE") {
                $0.add(seq)
                $0.add(taskID)
            }
        }
        guard let sent = try db.fetchOne("""
            SELECT control_id, status, last_attempt_at FROM outbox
            WHERE audit_seq = ? AND task_id = ? AND (attempts > 0 OR status <> 'waiting') AND status <> 'cancelled'
            ORDER BY id LIMIT 1
            """, { $0.add(seq); $0.add(taskID) }) else { return nil }
        let when: String = sent["last_attempt_at"] ?? ""
        return "your \(action) of task \(taskID) was already sent to the EHR (control id \(sent["control_id"] as String)"
            + (when.isEmpty ? ")" : " at \(when))") + "; re-open the task instead"
    }

    /// Cancels the messages of the undone action with audit row `seq`; returns their ids.
    static func cancel(actionSeq seq: Int64, taskID: Int64, at now: Date, _ db: any SQLConnection) throws -> [Int64] {
        // FOR UPDATE on PostgreSQL: the ids returned are exactly the rows the UPDATE cancels.
        let ids = try db.values(Int64.self, """
            SELECT id FROM outbox WHERE audit_seq = ? AND task_id = ? AND status = 'waiting' AND attempts = 0 ORDER BY id
            \(db.dialect == .postgres ? "FOR UPDATE" : "")
            """) { $0.add(seq); $0.add(taskID) }
        guard !ids.isEmpty else { return [] }
        try db.execute("""
            UPDATE outbox SET status = 'cancelled', finished_at = ? WHERE audit_seq = ? AND task_id = ?
                AND status = 'waiting' AND attempts = 0
            """) { $0.add(StoreTime.text(now)); $0.add(seq); $0.add(taskID) }
        return ids
    }
}
