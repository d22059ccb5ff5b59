import CareQueueCore
import Foundation
import GRDB

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
        try read { db in try OutboxSendRows.due(at: now, db) }
    }

    /// Counts a send of row `id` before its bytes leave, so an undo from now on is refused; false
    /// when the row is no longer waiting (undone in the meantime): do not send it.
    public func beginOutboxSend(_ id: Int64, at now: Date) throws -> Bool {
        try write { db in try OutboxSendRows.begin(id, at: now, db) }
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
            if case .send(let row) = next, try !OutboxSendRows.begin(row.id, at: now, db) { return .wait(until: now) }
            return next
        }
    }

    /// Puts failed row `id` back in line (same bytes, same control id), audited; false when the row
    /// is not failed.
    @discardableResult
    public func retryOutbox(_ id: Int64, by user: String, at now: Date) throws -> Bool {
        try retryFailed(where: "id = ?", arguments: [id], by: user, at: now) == 1
    }

    /// Puts every failed row back in line; returns how many.
    @discardableResult
    public func retryAllFailedOutbox(by user: String, at now: Date) throws -> Int {
        try retryFailed(where: "1", arguments: [], by: user, at: now)
    }

    private func retryFailed(where condition: String, arguments: StatementArguments, by user: String, at now: Date) throws -> Int {
        let now = StoreTime.truncated(now)
        let stamp = StoreTime.text(now)
        return try writeAudited { db, audit in
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, task_id, event, control_id, last_error FROM outbox WHERE status = 'failed' AND \(condition) ORDER BY id
                """, arguments: arguments)
            for row in rows {
                let id: Int64 = row["id"]
                try db.execute(sql: """
                    UPDATE outbox SET status = 'waiting', finished_at = NULL, ack_code = NULL, ack = NULL,
                        failed_sends = 0, first_failure_at = NULL, next_attempt_at = ?
                    WHERE id = ?
                    """, arguments: [stamp, id])
                try audit.append(at: now, user: user, action: OutboxAudit.retried, taskID: row["task_id"], detailsJSON: JSONText.object(raw: [
                    "outbox_id": String(id), "event": JSONText.quoted(row["event"]),
                    "control_id": JSONText.quoted(row["control_id"]),
                    "previous_error": JSONText.nullable(row["last_error"] as String?),
                ]), db)
            }
            return rows.count
        }
    }
}

/// The delivery worker's reads and writes of `outbox`.
enum OutboxSendRows {
    static func due(at now: Date, _ db: Database) throws -> OutboxDue {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT id, control_id, message, deliverable_at, next_attempt_at FROM outbox
            WHERE status = 'waiting' ORDER BY deliverable_at, id LIMIT 1
            """)) else { return .idle }
        let ready = max(StoreTime.date(row["deliverable_at"]) ?? now, StoreTime.date(row["next_attempt_at"]) ?? now)
        guard ready <= now else { return .wait(until: ready) }
        return .send(OutboxSend(id: row["id"], controlID: row["control_id"], message: row["message"]))
    }

    static func begin(_ id: Int64, at now: Date, _ db: Database) throws -> Bool {
        try db.cachedStatement(sql: """
            UPDATE outbox SET attempts = attempts + 1, last_attempt_at = ? WHERE id = ? AND status = 'waiting'
            """).execute(arguments: [StoreTime.text(StoreTime.truncated(now)), id])
        return db.changesCount == 1
    }

    static func settle(_ id: Int64, _ verdict: DeliveryVerdict, at now: Date, retryCap: TimeInterval,
                       audit: AuditTrail, _ db: Database) throws {
        let stamp = StoreTime.text(now)
        guard let row = try Row.fetchOne(db.cachedStatement(sql: """
            SELECT task_id, event, control_id, failed_sends FROM outbox WHERE id = ? AND status = 'waiting'
            """), arguments: [id]) else { return }
        switch verdict {
        case .retry(let reason):
            let failures = (row["failed_sends"] as Int) + 1
            let next = now.addingTimeInterval(DeliveryVerdict.backoff(afterFailures: failures, cap: retryCap))
            try db.cachedStatement(sql: """
                UPDATE outbox SET failed_sends = ?, first_failure_at = COALESCE(first_failure_at, ?), last_error = ?,
                    next_attempt_at = ?
                WHERE id = ?
                """).execute(arguments: [failures, stamp, reason, StoreTime.text(next), id])
        case .delivered(let code, let ack), .refused(let code, let ack, _):
            var reason: String?
            if case .refused(_, _, let why) = verdict { reason = why }
            try db.cachedStatement(sql: """
                UPDATE outbox SET status = ?, ack_code = ?, ack = ?, finished_at = ?, failed_sends = 0,
                    first_failure_at = NULL, last_error = ?
                WHERE id = ?
                """).execute(arguments: [reason == nil ? "delivered" : "failed", code, ack, stamp, reason, id])
            var details: [String: String] = ["outbox_id": String(id), "event": JSONText.quoted(row["event"]),
                                             "control_id": JSONText.quoted(row["control_id"]),
                                             "ack_code": JSONText.quoted(code)]
            if let reason { details["reason"] = JSONText.quoted(reason) }
            try audit.append(at: now, user: "carequeue", action: reason == nil ? OutboxAudit.delivered : OutboxAudit.failed,
                             taskID: row["task_id"], detailsJSON: JSONText.object(raw: details), db)
        }
    }
}
