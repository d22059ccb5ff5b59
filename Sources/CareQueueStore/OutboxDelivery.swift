import CareQueueCore
import Foundation

/// The next thing the delivery worker should do.
public enum OutboxDue: Sendable, Equatable {
    /// Send this row now.
    case send(OutboxSend)
    /// The first row in line may not leave before this instant (held for undo, or backing off).
    case wait(until: Date)
    /// Nothing is waiting.
    case idle
}

/// A row the worker sends: its id, MSH-10 and the message as written.
public struct OutboxSend: Sendable, Equatable {
    public var id: Int64
    public var controlID: String
    public var message: String
    /// Sends counted before this one, as the row said when it was found due (see `beginOutboxSend`).
    public var attempts: Int64 = 0
}

/// Audit actions of the outbox.
public enum OutboxAudit {
    public static let delivered = "outbox.delivered"
    public static let failed = "outbox.failed"
    public static let retried = "outbox.retried"
}

extension CareQueueDatabase {
    /// The first waiting row in delivery order (when it may leave, then when it was written) and
    /// whether it may be sent at `now`.
    public func nextOutboxDue(at now: Date) throws -> OutboxDue {
        try engine.read { db in try OutboxSendRows.due(at: now, db) }
    }

    /// The lease of the one outbox worker on PostgreSQL, whichever host it runs on: a session lock
    /// (see `SessionLock`). Nil on SQLite, whose delivery lock is a file beside the database (one
    /// host holds the file).
    public func outboxDeliveryLock() -> SessionLock? {
        guard let postgres = engine as? PostgresEngine else { return nil }
        return SessionLock(settings: postgres.settings, key: OutboxSendRows.deliveryLockKey)
    }

    /// Counts a send of row `id` before its bytes leave, so an undo from now on is refused; false
    /// when the row is no longer waiting (undone in the meantime), or — given the `attempts` the
    /// row showed when it was found due — when another worker counted a send of it since: do not
    /// send it.
    public func beginOutboxSend(_ id: Int64, attempts: Int64? = nil, at now: Date) throws -> Bool {
        try engine.write { db in try OutboxSendRows.begin(id, attempts: attempts, at: now, db) }
    }

    /// Records what the send of row `id` came to — delivered and failed are final and audited; a
    /// retry waits `DeliveryVerdict.backoff` (up to `retryCap`) — and, in the same transaction,
    /// takes the next row that may leave and counts its send (as `beginOutboxSend`), so a stream of
    /// messages costs one commit each. The audit rows are anchored by the caller's next
    /// `anchorAudit()`, once per burst rather than per message.
    @discardableResult
    public func recordOutboxVerdict(_ id: Int64, _ verdict: DeliveryVerdict, at now: Date,
                                    retryCap: TimeInterval) throws -> OutboxDue {
        let now = StoreTime.truncated(now)
        return try writeAudited(anchoring: false) { db, audit in
            try OutboxSendRows.settle(id, verdict, at: now, retryCap: retryCap, audit: audit, db)
            let next = try OutboxSendRows.due(at: now, db)
            if case .send(let row) = next, try !OutboxSendRows.begin(row.id, attempts: row.attempts, at: now, db) {
                return .wait(until: now)
            }
            return next
        }
    }

    /// Puts failed row `id` back in line (same bytes, same control id), audited; false when the row
    /// is not failed.
    @discardableResult
    public func retryOutbox(_ id: Int64, by user: String, at now: Date) throws -> Bool {
        try retryFailed(id: id, by: user, at: now) == 1
    }

    /// Puts every failed row back in line; returns how many.
    @discardableResult
    public func retryAllFailedOutbox(by user: String, at now: Date) throws -> Int {
        try retryFailed(id: nil, by: user, at: now)
    }

    /// Row `id`, or every failed row when nil.
    private func retryFailed(id only: Int64?, by user: String, at now: Date) throws -> Int {
        let now = StoreTime.truncated(now)
        let stamp = StoreTime.text(now)
        return try writeAudited { db, audit in
            let rows = try db.fetchAll("""
                SELECT id, task_id, event, control_id, last_error FROM outbox
                WHERE status = 'failed'\(only == nil ? "" : " AND id = ?") ORDER BY id
                """) { if let only { $0.add(only) } }
            var retried = 0
            for row in rows {
                let id: Int64 = row["id"]
                // Still failed: a retry from another host in the meantime put it back once already.
                let changed = try db.execute("""
                    UPDATE outbox SET status = 'waiting', finished_at = NULL, ack_code = NULL, ack = NULL,
                        failed_sends = 0, first_failure_at = NULL, next_attempt_at = ?
                    WHERE id = ? AND status = 'failed'
                    """) { $0.add(stamp); $0.add(id) }
                guard changed == 1 else { continue }
                retried += 1
                try audit.append(at: now, user: user, action: OutboxAudit.retried, taskID: row["task_id"], detailsJSON: JSONText.object(raw: [
                    "outbox_id": String(id), "event": JSONText.quoted(row["event"]),
                    "control_id": JSONText.quoted(row["control_id"]),
                    "previous_error": JSONText.nullable(row["last_error"] as String?),
                ]), db)
            }
            return retried
        }
    }
}

/// The delivery worker's reads and writes of `outbox`.
///
/// One worker delivers at a time (`OutboxDeliveryLease`); should two ever race, a row's send is
/// counted by one of them only: `begin` changes the row only while its `attempts` are still what
/// the worker saw when it found the row due, and settling a verdict only a row still waiting.
enum OutboxSendRows {
    /// The advisory lock key of the delivery lease (PostgreSQL).
    static let deliveryLockKey: Int64 = 0x4351_4F75_7462_6F78 // "CQOutbox"

    static func due(at now: Date, _ db: any SQLConnection) throws -> OutboxDue {
        guard let row = try db.fetchOne("""
            SELECT id, control_id, message, attempts, deliverable_at, next_attempt_at FROM outbox
            WHERE status = 'waiting' ORDER BY deliverable_at, id LIMIT 1
            """) else { return .idle }
        let ready = max(StoreTime.date(row["deliverable_at"]) ?? now, StoreTime.date(row["next_attempt_at"]) ?? now)
        guard ready <= now else { return .wait(until: ready) }
        return .send(OutboxSend(id: row["id"], controlID: row["control_id"], message: row["message"],
                                attempts: row["attempts"]))
    }

    static func begin(_ id: Int64, attempts: Int64?, at now: Date, _ db: any SQLConnection) throws -> Bool {
        try db.execute("""
            UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ?
            WHERE id = ? AND status = 'waiting'\(attempts == nil ? "" : " AND attempts = ?")
            """) {
            $0.add(StoreTime.text(StoreTime.truncated(now)))
            $0.add(id)
            if let attempts { $0.add(attempts) }
        } == 1
    }

    static func settle(_ id: Int64, _ verdict: DeliveryVerdict, at now: Date, retryCap: TimeInterval,
                       audit: AuditTrail, _ db: any SQLConnection) throws {
        let stamp = StoreTime.text(now)
        guard let row = try db.fetchOne("""
            SELECT task_id, event, control_id, failed_sends FROM outbox WHERE id = ? AND status = 'waiting'
            """, { $0.add(id) }) else { return }
        switch verdict {
        case .retry(let reason):
            let failures = (row["failed_sends"] as Int) + 1
            let next = now.addingTimeInterval(DeliveryVerdict.backoff(afterFailures: failures, cap: retryCap))
            try db.execute("""
                UPDATE outbox SET failed_sends = ?, first_failure_at = COALESCE(first_failure_at, ?), last_error = ?,
                    next_attempt_at = ?
                WHERE id = ? AND status = 'waiting'
                """) {
                $0.add(failures)
                $0.add(stamp)
                $0.add(reason)
                $0.add(StoreTime.text(next))
                $0.add(id)
            }
        case .delivered(let code, let ack), .refused(let code, let ack, _):
            var reason: String?
            if case .refused(_, _, let why) = verdict { reason = why }
            let changed = try db.execute("""
                UPDATE outbox SET status = ?, ack_code = ?, ack = ?, finished_at = ?, failed_sends = 0,
                    first_failure_at = NULL, last_error = ?
                WHERE id = ? AND status = 'waiting'
                """) {
                $0.add(reason == nil ? "delivered" : "failed")
                $0.add(code)
                $0.add(ack)
                $0.add(stamp)
                $0.add(reason)
                $0.add(id)
            }
            guard changed == 1 else { return }
            var details: [String: String] = ["outbox_id": String(id), "event": JSONText.quoted(row["event"]),
                                             "control_id": JSONText.quoted(row["control_id"]),
                                             "ack_code": JSONText.quoted(code)]
            if let reason { details["reason"] = JSONText.quoted(reason) }
            try audit.append(at: now, user: "carequeue", action: reason == nil ? OutboxAudit.delivered : OutboxAudit.failed,
                             taskID: row["task_id"], detailsJSON: JSONText.object(raw: details), db)
        }
    }
}
