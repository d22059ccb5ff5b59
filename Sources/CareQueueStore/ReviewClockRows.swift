import CareQueueCore
import Foundation

/// The review clock's rows: open review-list messages past `[windows] review`, read from
/// `messages_review_clock` (open, not yet escalated, by receipt), and `review_escalations`.
enum ReviewClockRows {
    /// The index's condition, word for word, so SQLite can use it (and `INDEXED BY` insists).
    static func waiting(_ dialect: SQLDialect) -> String { """
        FROM messages \(dialect.indexedBy("messages_review_clock"))
        WHERE (ack_code NOT IN ('AA', 'CA') OR derivation_error IS NOT NULL) AND resolved_at IS NULL
            AND review_escalation_level = 0
        """
    }

    /// Whether any message is due at `now`: the index's first entry.
    static func anyDue(at now: Date, window: TimeInterval, _ db: any SQLConnection) throws -> Bool {
        try db.fetchOne("SELECT 1 " + waiting(db.dialect) + " AND received_at <= ? LIMIT 1") {
            $0.add(cutoff(now, window))
        } != nil
    }

    /// The earliest instant after `now` at which a waiting message falls due; nil when none waits.
    static func nextDue(after now: Date, window: TimeInterval, _ db: any SQLConnection) throws -> Date? {
        guard let oldest = try db.value(String.self, "SELECT min(received_at) " + waiting(db.dialect))
            .flatMap(StoreTime.date) else { return nil }
        let due = ReviewClock.dueAt(receivedAt: oldest, window: window)
        return due > now ? due : nil
    }

    /// The last message on the review list (its partial index's last entry): a new arrival there
    /// changes the sweep's schedule key even before derivation passes it.
    static func lastOnList(_ db: any SQLConnection) throws -> Int64 {
        try db.value(Int64.self, """
            SELECT id FROM messages \(db.dialect.indexedBy("messages_review")) WHERE \(CareQueueDatabase.onReviewList)
            ORDER BY id DESC LIMIT 1
            """) ?? 0
    }

    /// Records the escalation of at most `limit` due messages, each once with an audit row, and
    /// marks them escalated (out of the index); returns what it recorded and how many it handled.
    static func record(at now: Date, window: TimeInterval, limit: Int, audit: AuditTrail,
                       _ db: any SQLConnection) throws -> (recorded: [RecordedReviewEscalation], handled: Int) {
        let rows = try db.fetchAll("""
            SELECT id, received_at, peer, sending_application, sending_facility, ack_code,
                coalesce(derivation_error, reason, '') AS why
            """ + " " + waiting(db.dialect) + " AND received_at <= ? ORDER BY received_at, id LIMIT ?") {
            $0.add(cutoff(now, window))
            $0.add(limit)
        }
        let roster = try RosterRows.roster(db)
        var recorded: [RecordedReviewEscalation] = []
        var handled = 0
        for row in rows {
            let id: Int64 = row["id"]
            let application: String? = row["sending_application"]
            let facility: String? = row["sending_facility"]
            let subject = ReviewClockSubject(
                messageID: id, receivedAt: StoreTime.date(row["received_at"] as String) ?? now,
                sender: application.map { SenderID(application: $0, facility: facility ?? "").display } ?? "",
                peer: row["peer"], ackCode: row["ack_code"], reason: row["why"])
            guard let step = ReviewClock.due(for: subject, at: now, window: window, roster: roster) else { continue }
            handled += 1
            try db.execute("UPDATE messages SET review_escalation_level = 1 WHERE id = ?") { $0.add(id) }
            if try insert(step, audit: audit, db) { recorded.append(step) }
        }
        return (recorded, handled)
    }

    /// Inserts `step` with its audit row unless already recorded; whether it inserted.
    private static func insert(_ step: RecordedReviewEscalation, audit: AuditTrail, _ db: any SQLConnection) throws -> Bool {
        let inserted = try db.execute("""
            INSERT INTO review_escalations (message_id, level, due_at, recorded_at, target, target_npis, reason)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (message_id, level) DO NOTHING
            """) {
            $0.add(step.messageID)
            $0.add(step.level)
            $0.add(StoreTime.text(step.dueAt))
            $0.add(StoreTime.text(step.recordedAt))
            $0.add(step.target)
            $0.add(JSONText.array(step.targetNPIs))
            $0.add(step.reason)
        }
        guard inserted == 1 else { return false }
        // Escaped and capped already: the audit row names the message, never the patient.
        try audit.append(at: step.recordedAt, user: "carequeue", action: "message.escalated", taskID: nil, details: [
            "message_id": String(step.messageID), "level": String(step.level), "due_at": StoreTime.text(step.dueAt),
            "target": step.target, "target_npis": step.targetNPIs.joined(separator: ","), "reason": step.reason,
        ], db)
        return true
    }

    /// Review escalations, newest first, at most `limit`.
    static func recent(limit: Int, _ db: any SQLConnection) throws -> [RecordedReviewEscalation] {
        try db.fetchAll("SELECT * FROM review_escalations ORDER BY id DESC LIMIT ?") { $0.add(max(0, limit)) }.map { row in
            RecordedReviewEscalation(messageID: row["message_id"], level: row["level"],
                                     dueAt: StoreTime.date(row["due_at"] as String) ?? .distantPast,
                                     recordedAt: StoreTime.date(row["recorded_at"] as String) ?? .distantPast,
                                     target: row["target"], targetNPIs: JSONText.strings(row["target_npis"]),
                                     reason: row["reason"])
        }
    }

    /// Receipts at or before this are due at `now`.
    private static func cutoff(_ now: Date, _ window: TimeInterval) -> String {
        StoreTime.text(now.addingTimeInterval(-window))
    }
}

extension CareQueueDatabase {
    /// The latest escalations of review-list messages, newest first (the dashboard's ticker).
    public func recentReviewEscalations(limit: Int) throws -> [RecordedReviewEscalation] {
        try engine.read { db in try ReviewClockRows.recent(limit: limit, db) }
    }
}
