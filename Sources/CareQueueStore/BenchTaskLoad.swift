import CareQueueCore
import Foundation

/// One task `bench dashboard` writes straight into the schema, with its current observations:
/// ingesting 100,000 HL7 messages would take minutes and measure ingest, not the dashboard.
public struct BenchTaskRow: Sendable {
    public struct Observation: Sendable {
        public var code, text, value, units, range, flagsJSON: String
        public init(code: String, text: String, value: String, units: String, range: String, flagsJSON: String) {
            (self.code, self.text, self.value, self.units, self.range, self.flagsJSON) = (code, text, value, units, range, flagsJSON)
        }
    }

    public var placer, filler, serviceCode, serviceText, mrn, family, given, dob, orderingNPI: String
    public var assignedNPI: String?
    public var routing, urgency, urgencyReason, status, receivedAt: String
    public var dueAt, clockStoppedAt, acknowledgedAt, acknowledgedBy, closedAt, closedBy, closeOutcome: String?
    public var searchFolded: String
    public var observations: [Observation]

    public init(placer: String, filler: String, serviceCode: String, serviceText: String, mrn: String, family: String,
                given: String, dob: String, orderingNPI: String, assignedNPI: String?, routing: String, urgency: String,
                urgencyReason: String, status: String, receivedAt: String, dueAt: String?, clockStoppedAt: String?,
                acknowledgedAt: String?, acknowledgedBy: String?, closedAt: String?, closedBy: String?,
                closeOutcome: String?, searchFolded: String, observations: [Observation]) {
        (self.placer, self.filler, self.serviceCode, self.serviceText, self.mrn) = (placer, filler, serviceCode, serviceText, mrn)
        (self.family, self.given, self.dob, self.orderingNPI, self.assignedNPI) = (family, given, dob, orderingNPI, assignedNPI)
        (self.routing, self.urgency, self.urgencyReason, self.status) = (routing, urgency, urgencyReason, status)
        (self.receivedAt, self.dueAt, self.clockStoppedAt, self.acknowledgedAt) = (receivedAt, dueAt, clockStoppedAt, acknowledgedAt)
        (self.acknowledgedBy, self.closedAt, self.closedBy, self.closeOutcome) = (acknowledgedBy, closedAt, closedBy, closeOutcome)
        self.searchFolded = searchFolded
        self.observations = observations
    }
}

/// `bench dashboard`'s loader through the store's own connection, for either engine (SQLite's
/// bench keeps its raw loader, which stages closed tasks for FTS5): multi-row INSERTs with the
/// tasks' ids given, so their observations need no read back.
extension CareQueueDatabase {
    /// Binds per statement: under PostgreSQL's 65,535 with room to spare.
    private static let benchBinds = 60_000

    /// The one accepted message every bench task names as its latest; returns its id.
    public func insertBenchMessage(raw: [UInt8], controlID: String, at now: Date) throws -> Int64 {
        try engine.write { db in
            try db.insertReturningID("""
                INSERT INTO messages (received_at, peer, sending_application, sending_facility, control_id, version, raw, ack_code)
                VALUES (?, '127.0.0.1', 'BENCHLAB', 'BENCH HOSPITAL', ?, '2.5.1', ?, 'AA')
                """) {
                $0.add(now)
                $0.add(controlID)
                $0.add(raw)
            }
        }
    }

    /// Writes `rows` (one transaction per call) naming message `messageID`.
    public func insertBenchTasks(_ rows: [BenchTaskRow], messageID: Int64, at now: Date) throws {
        let taskColumns = """
            id, sending_application, sending_facility, placer_number, filler_number, service_code,
            service_text, patient_mrn, patient_family, patient_given, patient_dob, patient_phone,
            ordering_npi, assigned_npi, routing_explanation, urgency, urgency_reason, result_status, status,
            received_at, clock_started_at, due_at, clock_stopped_at, acknowledged_at, acknowledged_by,
            closed_at, closed_by, close_outcome, latest_control_id, latest_message_id, updated_at, search_folded
            """
        let taskValues = "(?, 'BENCHLAB', 'BENCH HOSPITAL', ?, ?, ?, ?, ?, ?, ?, ?, '(555)555-0100', ?, ?, ?, ?, ?, 'F', ?, "
            + "?, ?, ?, ?, ?, ?, ?, ?, ?, 'BENCH-DASHBOARD', ?, ?, ?)"
        let observationValues = "(?, ?, ?, ?, ?, 'NM', ?, ?, ?, ?, 'F', '[]', 1)"
        try engine.write { db in
            let first = (try db.value(Int64.self, "SELECT COALESCE(max(id), 0) FROM tasks") ?? 0) + 1
            let ids = rows.indices.map { first + Int64($0) }
            for chunk in Self.chunks(rows.indices, bindsEach: 27) {
                _ = try db.execute("INSERT INTO tasks (\(taskColumns)) VALUES "
                                   + Array(repeating: taskValues, count: chunk.count).joined(separator: ", ")) { values in
                    for index in chunk {
                        let row = rows[index]
                        values.add(ids[index])
                        for text in [row.placer, row.filler, row.serviceCode, row.serviceText, row.mrn, row.family, row.given,
                                     row.dob, row.orderingNPI] { values.add(text) }
                        values.add(row.assignedNPI)
                        for text in [row.routing, row.urgency, row.urgencyReason, row.status, row.receivedAt, row.receivedAt] {
                            values.add(text)
                        }
                        for text in [row.dueAt, row.clockStoppedAt, row.acknowledgedAt, row.acknowledgedBy, row.closedAt,
                                     row.closedBy, row.closeOutcome] { values.add(text) }
                        values.add(messageID)
                        values.add(now)
                        values.add(row.searchFolded)
                    }
                }
            }
            let observations = rows.indices.flatMap { index in
                rows[index].observations.enumerated().map { (task: ids[index], position: $0.offset, item: $0.element) }
            }
            for chunk in Self.chunks(observations.indices, bindsEach: 9) {
                _ = try db.execute("""
                    INSERT INTO observations (task_id, message_id, position, code, text, value_type, value, units,
                        reference_range, flags, status, notes, is_current) VALUES
                    """ + Array(repeating: observationValues, count: chunk.count).joined(separator: ", ")) { values in
                    for index in chunk {
                        let observation = observations[index]
                        values.add(observation.task)
                        values.add(messageID)
                        values.add(observation.position)
                        for text in [observation.item.code, observation.item.text, observation.item.value, observation.item.units,
                                     observation.item.range, observation.item.flagsJSON] { values.add(text) }
                    }
                }
            }
            // The ids were given: PostgreSQL's identity must move past them for the next task.
            if db.dialect == .postgres {
                _ = try db.value(Int64.self, "SELECT setval(pg_get_serial_sequence('tasks', 'id'), (SELECT max(id) FROM tasks))")
            }
        }
    }

    /// Fresh planner statistics after a bulk load (PostgreSQL's autovacuum would get there later).
    public func analyzeAfterBenchLoad() throws {
        try engine.write { db in _ = try db.execute("ANALYZE") }
    }

    private static func chunks(_ indices: Range<Int>, bindsEach: Int) -> [Range<Int>] {
        let size = max(1, benchBinds / bindsEach)
        return stride(from: indices.lowerBound, to: indices.upperBound, by: size).map { $0..<min($0 + size, indices.upperBound) }
    }
}
