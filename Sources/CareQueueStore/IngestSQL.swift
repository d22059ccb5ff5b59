/// The SQL text of the statements the writer runs for every message, in one place: the store runs
/// it, and `bench ingest`'s schema ceiling runs the very same text through SQLite's C API, so a
/// column added to the store is a column the ceiling measures too.
public enum IngestSQL {
    public static let beginImmediate = "BEGIN IMMEDIATE TRANSACTION"
    public static let commit = "COMMIT TRANSACTION"
    public static let rollback = "ROLLBACK TRANSACTION"
    public static let savepoint = "SAVEPOINT item"
    public static let release = "RELEASE SAVEPOINT item"
    public static let rollbackToSavepoint = "ROLLBACK TO SAVEPOINT item"

    /// The duplicate check: the accepted message first stored under a sender and control id.
    public static let findOriginal = """
        SELECT id FROM messages WHERE sending_application = ? AND sending_facility = ? AND control_id = ?
            AND ack_code IN ('AA', 'CA') AND original_message_id IS NULL
        """

    /// The raw message, in the ACK's transaction.
    public static let insertMessage = """
        INSERT INTO messages (received_at, peer, sending_application, sending_facility, control_id, version, raw,
            ack_code, error_code, reason, location, original_message_id, charset_warning)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// An accepted message and its `derivation_queue` row in one statement (PostgreSQL, where each
    /// statement is a round trip); `insertMessage`'s values. The queue's foreign key is checked at
    /// the statement's end, when the message row exists.
    static let insertQueuedMessage = """
        WITH inserted AS (
            \(insertMessage)
            RETURNING id
        ), queued AS (
            INSERT INTO derivation_queue (message_id) SELECT id FROM inserted
        )
        SELECT id FROM inserted
        """

    /// An order's task by its filler number.
    public static let findTaskByFiller = """
        SELECT id FROM tasks WHERE sending_application = ? AND sending_facility = ?
            AND filler_number = ? AND service_code = ?
        """

    /// An order's task by its placer number, the latest.
    public static let findTaskByPlacer = """
        SELECT id FROM tasks WHERE sending_application = ? AND sending_facility = ?
            AND placer_number = ? AND service_code = ? ORDER BY id DESC LIMIT 1
        """

    /// An order's task by its filler number, else the latest by its placer number, in one statement
    /// (PostgreSQL, where each statement is a round trip): the filler number's binds, then the placer's.
    public static let findTaskByFillerThenPlacer = """
        (SELECT id, 0 AS preference FROM tasks WHERE sending_application = ? AND sending_facility = ?
            AND filler_number = ? AND service_code = ? LIMIT 1)
        UNION ALL
        (SELECT id, 1 AS preference FROM tasks WHERE sending_application = ? AND sending_facility = ?
            AND placer_number = ? AND service_code = ? ORDER BY id DESC LIMIT 1)
        ORDER BY preference LIMIT 1
        """

    /// A new order's task.
    public static let insertTask = """
        INSERT INTO tasks (sending_application, sending_facility, placer_number, filler_number, service_code,
            service_text, patient_mrn, patient_family, patient_given, patient_dob, patient_phone,
            ordering_npi, assigned_npi, covering_for_npi, routing_explanation,
            urgency, urgency_reason, lab_urgency, lab_urgency_reason, result_status, status,
            received_at, clock_started_at, due_at, clock_stopped_at, escalation_level, attempts,
            reopened, retraction_review, closed_at, closed_by, close_outcome, close_note,
            latest_control_id, latest_message_id, updated_at, charset_warning, search_folded, tier_position)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
            ?, ?, ?, ?, ?, ?)
        """

    /// One OBX of a task's history.
    public static let insertObservation = """
        INSERT INTO observations (task_id, message_id, position, code, text, value_type, value, units,
            reference_range, flags, status, notes, is_current, retired_by_message_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    /// `rows` OBX of a task's history in one statement (PostgreSQL; `insertObservation`'s columns).
    static func insertObservations(rows: Int) -> String {
        let row = "(" + Array(repeating: "?", count: 14).joined(separator: ", ") + ")"
        return """
            INSERT INTO observations (task_id, message_id, position, code, text, value_type, value, units,
                reference_range, flags, status, notes, is_current, retired_by_message_id)
            VALUES \(Array(repeating: row, count: rows).joined(separator: ", "))
            """
    }

    /// One hash-chained audit row.
    public static let insertAudit = """
        INSERT INTO audit (seq, at, "user", action, task_id, details, os_user, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
}
