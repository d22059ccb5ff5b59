import CareQueueCore
import CareQueueStore
import Foundation

/// Builds the store `bench dashboard` measures: a migrated CareQueue database with the mix's roster,
/// then its tasks and their current observations written straight into the real schema in large
/// transactions (ingesting 100,000 HL7 messages would take minutes and measure ingest, not the dashboard).
enum DashboardBenchStore {
    /// Rows per transaction.
    static let batch = 20_000

    /// Creates the database at `path` with `open` open or acknowledged tasks.
    static func build(at path: String, open: Int, mix: DashboardBenchMix = DashboardBenchMix(), now: Date) throws {
        let database = try CareQueueDatabase(path: path, access: .create)
        _ = try database.importRoster(DashboardBenchMix.roster, settingLogins: false)
        // The tasks go in on a connection of their own, the database's pool idle meanwhile.
        try insert(at: path, count: open, closed: false, mix: mix, now: now)
    }

    /// Adds `count` closed tasks of the last 90 days to the store at `path`.
    static func addClosed(at path: String, count: Int, mix: DashboardBenchMix = DashboardBenchMix(), now: Date) throws {
        try insert(at: path, count: count, closed: true, mix: mix, now: now)
    }

    private static func insert(at path: String, count: Int, closed: Bool, mix: DashboardBenchMix, now: Date) throws {
        let connection = try RawSQLite(path: path)
        try connection.execute("PRAGMA foreign_keys = ON")
        // The rows go in in no index's order: a larger cache keeps the index pages from being re-read.
        try connection.execute("PRAGMA cache_size = -131072")
        let messageID = try insertMessage(connection, now: now)
        // Closed tasks (no observations) are staged and moved in one statement per batch: the
        // trigram table's triggers then flush one FTS5 segment per batch, not one per task
        // (FTS5 writes its pending terms at every statement's savepoint), so a million load in
        // minutes instead of the better part of an hour. The rows and triggers are the real ones.
        let staged = closed ? "temp.bench_closed" : nil
        if closed {
            try connection.execute("CREATE TEMP TABLE bench_closed AS SELECT \(TaskWriter.columns) FROM tasks WHERE 0")
        }
        for start in stride(from: 0, to: count, by: batch) {
            try connection.execute("BEGIN IMMEDIATE")
            let writer = try TaskWriter(connection, messageID: messageID, now: now, into: staged ?? "tasks")
            for index in start..<min(count, start + batch) {
                try writer.insert(benchRow(mix.row(index, now: now, closed: closed), index: index, closed: closed))
            }
            if let staged {
                try connection.execute("INSERT INTO tasks (\(TaskWriter.columns)) SELECT \(TaskWriter.columns) FROM \(staged)")
                try connection.execute("DELETE FROM \(staged)")
            }
            try connection.execute("COMMIT")
        }
        try connection.execute("ANALYZE")
    }

    /// Builds the store on the (empty) PostgreSQL `database`: the same roster, tasks and
    /// observations, through the store's own connection in multi-row statements.
    static func build(postgres database: CareQueueDatabase, open: Int, mix: DashboardBenchMix = DashboardBenchMix(), now: Date) throws {
        _ = try database.importRoster(DashboardBenchMix.roster, settingLogins: false)
        try insert(into: database, count: open, closed: false, mix: mix, now: now)
    }

    /// Adds `count` closed tasks of the last 90 days to the PostgreSQL `database`.
    static func addClosed(to database: CareQueueDatabase, count: Int, mix: DashboardBenchMix = DashboardBenchMix(), now: Date) throws {
        try insert(into: database, count: count, closed: true, mix: mix, now: now)
    }

    private static func insert(into database: CareQueueDatabase, count: Int, closed: Bool, mix: DashboardBenchMix, now: Date) throws {
        let messageID = try database.insertBenchMessage(raw: BenchMessages(seed: 1).message(sender: 0, index: 0),
                                                        controlID: "BENCH-DASHBOARD-\(UUID().uuidString.prefix(8))", at: now)
        for start in stride(from: 0, to: count, by: batch) {
            let rows = (start..<min(count, start + batch)).map { benchRow(mix.row($0, now: now, closed: closed), index: $0, closed: closed) }
            try database.insertBenchTasks(rows, messageID: messageID, at: now)
        }
        try database.analyzeAfterBenchLoad()
    }

    /// One task of the mix as the schema holds it. History is what find searches; its
    /// observations are never read, so closed tasks go without.
    static func benchRow(_ row: DashboardBenchMix.Row, index: Int, closed: Bool) -> BenchTaskRow {
        let received = StoreTime.text(row.receivedAt)
        let stopped = row.clockStoppedAt.map(StoreTime.text)
        let acknowledged = row.status == .acknowledged ? stopped : nil
        let closedAt = closed ? stopped : nil
        let filler = (closed ? "C" : "O") + String(index)
        let routing = row.assignedNPI == nil ? "ordering provider \(row.orderingNPI) is not on the roster"
            : "ordering provider \(row.orderingNPI)"
        let reason = row.urgency == .routine ? "no abnormal flags"
            : "\(row.observations[0].text) flagged \(row.observations[0].flag)"
        return BenchTaskRow(
            placer: "P" + filler, filler: filler, serviceCode: row.test.code, serviceText: row.test.text, mrn: row.mrn,
            family: row.family, given: row.given, dob: row.dob, orderingNPI: row.orderingNPI, assignedNPI: row.assignedNPI,
            routing: routing, urgency: row.urgency.rawValue, urgencyReason: reason, status: row.status.rawValue,
            receivedAt: received, dueAt: row.dueAt.map(StoreTime.text), clockStoppedAt: stopped, acknowledgedAt: acknowledged,
            acknowledgedBy: acknowledged == nil ? nil : "bench", closedAt: closedAt, closedBy: closedAt == nil ? nil : "bench",
            closeOutcome: closedAt == nil ? nil : "reached",
            searchFolded: SearchText.document(mrn: row.mrn, family: row.family, given: row.given, test: row.test.text),
            observations: closed ? [] : row.observations.map {
                BenchTaskRow.Observation(code: $0.code, text: $0.text, value: $0.value, units: $0.units, range: $0.range,
                                         flagsJSON: "[\"\($0.flag)\"]")
            })
    }

    /// What the two trigram tables of find hold, in bytes per task (their segments' blocks).
    static func findIndexSizes(at path: String) throws -> String {
        let connection = try RawSQLite(path: path)
        let sizes = try [("open", "task_search", "<>"), ("closed", "task_search_closed", "=")].map { name, table, status in
            let bytes = try connection.prepare("SELECT COALESCE(SUM(length(block)), 0) FROM \(table)_data").run() ?? 0
            let tasks = try connection.prepare("SELECT COUNT(*) FROM tasks WHERE status \(status) 'closed'").run() ?? 0
            return String(format: "%@ %lld tasks %.1f MB (%.0f B/task)", name, tasks, Double(bytes) / 1_048_576,
                          Double(bytes) / Double(max(1, tasks)))
        }
        return "  find's trigram tables: " + sizes.joined(separator: "; ")
    }

    /// The one accepted message every bench task names as its latest (the column is NOT NULL).
    private static func insertMessage(_ connection: RawSQLite, now: Date) throws -> Int64 {
        let statement = try connection.prepare("""
            INSERT INTO messages (received_at, peer, sending_application, sending_facility, control_id, version, raw, ack_code)
            VALUES (?, '127.0.0.1', 'BENCHLAB', 'BENCH HOSPITAL', ?, '2.5.1', ?, 'AA')
            """)
        try statement.run([.text(StoreTime.text(now)), .text("BENCH-DASHBOARD-\(UUID().uuidString.prefix(8))"),
                           .blob(BenchMessages(seed: 1).message(sender: 0, index: 0))])
        return connection.lastInsertedRowID
    }

    /// The two prepared INSERTs of one transaction.
    private struct TaskWriter {
        let connection: RawSQLite
        let messageID: Int64
        let nowText: String
        let task: RawSQLite.Statement
        let observation: RawSQLite.Statement

        /// The task columns the bench writes.
        static let columns = """
            sending_application, sending_facility, placer_number, filler_number, service_code,
            service_text, patient_mrn, patient_family, patient_given, patient_dob, patient_phone,
            ordering_npi, assigned_npi, routing_explanation, urgency, urgency_reason, result_status, status,
            received_at, clock_started_at, due_at, clock_stopped_at, acknowledged_at, acknowledged_by,
            closed_at, closed_by, close_outcome, latest_control_id, latest_message_id, updated_at, search_folded
            """

        /// `table`: `tasks`, or a staging table of the same columns.
        init(_ connection: RawSQLite, messageID: Int64, now: Date, into table: String) throws {
            self.connection = connection
            self.messageID = messageID
            nowText = StoreTime.text(now)
            task = try connection.prepare("""
                INSERT INTO \(table) (\(Self.columns))
                VALUES ('BENCHLAB', 'BENCH HOSPITAL', ?, ?, ?, ?, ?, ?, ?, ?, '(555)555-0100', ?, ?, ?, ?, ?, 'F', ?,
                    ?, ?, ?, ?, ?, ?, ?, ?, ?, 'BENCH-DASHBOARD', ?, ?, ?)
                """)
            observation = try connection.prepare("""
                INSERT INTO observations (task_id, message_id, position, code, text, value_type, value, units,
                    reference_range, flags, status, notes, is_current)
                VALUES (?, ?, ?, ?, ?, 'NM', ?, ?, ?, ?, 'F', '[]', 1)
                """)
        }

        func insert(_ row: BenchTaskRow) throws {
            let values: [RawSQLite.Value] = [
                .text(row.placer), .text(row.filler), .text(row.serviceCode), .text(row.serviceText), .text(row.mrn),
                .text(row.family), .text(row.given), .text(row.dob), .text(row.orderingNPI), .optional(row.assignedNPI),
                .text(row.routing), .text(row.urgency), .text(row.urgencyReason), .text(row.status), .text(row.receivedAt),
                .text(row.receivedAt), .optional(row.dueAt), .optional(row.clockStoppedAt), .optional(row.acknowledgedAt),
                .optional(row.acknowledgedBy), .optional(row.closedAt), .optional(row.closedBy), .optional(row.closeOutcome),
                .int(messageID), .text(nowText), .text(row.searchFolded),
            ]
            try task.run(values)
            guard !row.observations.isEmpty else { return }
            let taskID = connection.lastInsertedRowID
            for (position, item) in row.observations.enumerated() {
                try observation.run([.int(taskID), .int(messageID), .int(Int64(position)), .text(item.code),
                                     .text(item.text), .text(item.value), .text(item.units), .text(item.range),
                                     .text(item.flagsJSON)])
            }
        }
    }
}
