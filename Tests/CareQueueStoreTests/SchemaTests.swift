import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore

/// A row that differs from a valid one in a few columns (SQL literals).
struct RowCase: Sendable, CustomTestStringConvertible {
    var name: String
    var table: String
    var overrides: [String: String]
    var testDescription: String { name }

    init(_ name: String, _ table: String, _ overrides: [String: String]) {
        self.name = name
        self.table = table
        self.overrides = overrides
    }

    static let validColumns: [String: [String: String]] = [
        "messages": [
            "received_at": "'2026-01-01T12:00:00Z'", "peer": "'127.0.0.1:1'", "sending_application": "'LAB'",
            "sending_facility": "'MAIN'", "control_id": "'C-new'", "version": "'2.5.1'", "raw": "x'00'",
            "ack_code": "'AA'",
        ],
        "tasks": [
            "sending_application": "'LAB'", "sending_facility": "'MAIN'", "placer_number": "'P9'",
            "filler_number": "'F9'", "service_code": "'BMP'", "service_text": "'Panel'", "patient_mrn": "'M1'",
            "patient_family": "'Doe'", "patient_given": "'Jan'", "routing_explanation": "'why'",
            "urgency": "'routine'", "urgency_reason": "'why'", "result_status": "'F'", "status": "'open'",
            "received_at": "'2026-01-01T12:00:00Z'", "clock_started_at": "'2026-01-01T12:00:00Z'",
            "due_at": "'2026-01-04T12:00:00Z'", "latest_control_id": "'C1'", "latest_message_id": "1",
            "updated_at": "'2026-01-01T12:00:00Z'",
        ],
        "observations": [
            "task_id": "1", "message_id": "1", "position": "0", "code": "'2823-3'", "text": "'Potassium'",
            "value_type": "'NM'", "value": "'4.1'", "units": "'mmol/L'", "reference_range": "''", "flags": "'[]'",
            "status": "'F'", "notes": "'[]'", "is_current": "1",
        ],
        "providers": ["npi": "'5555555555'", "name": "'Dr E'", "role": "'physician'"],
        "coverage": [
            "provider_npi": "'\(Fixture.drA)'", "covering_npi": "'\(Fixture.drB)'",
            "starts_at": "'2026-02-01T00:00:00Z'", "ends_at": "'2026-02-02T00:00:00Z'",
        ],
        "audit": ["at": "'2026-01-01T12:00:00Z'", "user": "'coordinator'", "action": "'task.acknowledged'",
                  "details": "'{}'", "prev_hash": "'\(String(repeating: "0", count: 64))'",
                  "hash": "'\(String(repeating: "ab", count: 32))'", "os_user": "'kim'"],
        "attempts": ["task_id": "1", "at": "'2026-01-01T12:05:00Z'", "user": "'sam'", "outcome": "'no-answer'",
                     "note": "''"],
        "escalations": [
            "task_id": "1", "level": "1", "clock_started_at": "'2026-01-01T12:00:00Z'",
            "due_at": "'2026-01-04T12:00:00Z'", "recorded_at": "'2026-01-04T12:00:03Z'",
            "target": "'care coordinators'", "target_npis": "'[]'", "reason": "'routine not acted on'",
        ],
        "listener_heartbeat": [
            "host": "'app1'", "address": "'127.0.0.1:2575'", "pid": "42", "started_at": "'2026-01-01T12:00:00Z'",
            "beat_at": "'2026-01-01T12:00:00Z'", "messages_today": "0",
        ],
    ]

    var sql: String {
        let columns = Self.validColumns[table]!.merging(overrides) { _, new in new }.sorted { $0.key < $1.key }
        return "INSERT INTO \(table) (\(columns.map(\.key).joined(separator: ", "))) VALUES ("
            + columns.map(\.value).joined(separator: ", ") + ")"
    }
}

@Suite("Schema constraints")
struct SchemaTests {
    /// Given a store holding one accepted message C1, one task (F1/P1), one coverage row and one audit row.
    private func seeded() throws -> TestStore {
        let store = try TestStore()
        try store.ingest(Fixture.result("C1", Fixture.order(observations: [Fixture.potassium()])))
        try store.database.importCoverage([Coverage(providerNPI: Fixture.drA, coveringNPI: Fixture.drB,
                                                    startsAt: Fixture.start, endsAt: Fixture.start + 86_400)])
        return store
    }

    static let rejected: [RowCase] = [
        RowCase("message with an ack code outside table 0008", "messages", ["ack_code": "'XX'"]),
        RowCase("accepted message without a control id", "messages", ["control_id": "NULL"]),
        RowCase("refused message without an error code", "messages", ["ack_code": "'AE'"]),
        RowCase("accepted message with an error code", "messages", ["error_code": "101"]),
        RowCase("second accepted message with the same sender and control id", "messages", ["control_id": "'C1'"]),
        RowCase("message without raw bytes", "messages", ["raw": "NULL"]),
        RowCase("task with an unknown urgency", "tasks", ["urgency": "'urgent'"]),
        RowCase("task with an unknown status", "tasks", ["status": "'done'"]),
        RowCase("task at escalation level 3", "tasks", ["escalation_level": "3"]),
        RowCase("task with negative attempts", "tasks", ["attempts": "-1"]),
        RowCase("closed task without closed_at", "tasks", ["status": "'closed'"]),
        RowCase("closed task with an unknown outcome", "tasks", [
            "status": "'closed'", "closed_at": "'2026-01-01T13:00:00Z'", "closed_by": "'u'", "close_outcome": "'lost'",
            "due_at": "NULL",
        ]),
        RowCase("task with a due time and a stopped clock", "tasks", ["clock_stopped_at": "'2026-01-01T13:00:00Z'"]),
        RowCase("task assigned to a provider not on the roster", "tasks", ["assigned_npi": "'9999999999'"]),
        RowCase("task pointing at a missing message", "tasks", ["latest_message_id": "999"]),
        RowCase("second task for the same filler number and test", "tasks", ["filler_number": "'F1'"]),
        RowCase("task without a patient MRN", "tasks", ["patient_mrn": "NULL"]),
        RowCase("observation whose flags are not a JSON array", "observations", ["flags": "'H'"]),
        RowCase("current observation marked as retired", "observations", ["retired_by_message_id": "1"]),
        RowCase("observation of a missing task", "observations", ["task_id": "999"]),
        RowCase("provider with an unknown role", "providers", ["role": "'surgeon'"]),
        RowCase("provider with a short NPI", "providers", ["npi": "'12345'"]),
        RowCase("provider without a name", "providers", ["name": "''"]),
        RowCase("second provider with the same NPI", "providers", ["npi": "'\(Fixture.drA)'"]),
        RowCase("coverage ending before it starts", "coverage", ["ends_at": "'2026-01-31T00:00:00Z'"]),
        RowCase("coverage of oneself", "coverage", ["covering_npi": "'\(Fixture.drA)'"]),
        RowCase("coverage by a provider not on the roster", "coverage", ["covering_npi": "'9999999999'"]),
        RowCase("identical coverage row", "coverage", [
            "starts_at": "'\(StoreTime.text(Fixture.start))'", "ends_at": "'\(StoreTime.text(Fixture.start + 86_400))'",
        ]),
        RowCase("audit details that are not JSON", "audit", ["details": "'not json'"]),
        RowCase("audit row without a user", "audit", ["user": "''"]),
        RowCase("heartbeat row without a host", "listener_heartbeat", ["host": "NULL"]),
        RowCase("heartbeat row with pid 0", "listener_heartbeat", ["pid": "0"]),
        RowCase("audit row without a hash", "audit", ["hash": "NULL"]),
        RowCase("audit row without a previous hash", "audit", ["prev_hash": "NULL"]),
        RowCase("audit hash that is not 64 hex digits", "audit", ["hash": "'ABC'"]),
        RowCase("audit row without an operating-system account", "audit", ["os_user": "NULL"]),
        RowCase("audit row with a blank operating-system account", "audit", ["os_user": "' '"]),
        RowCase("provider with an empty login", "providers", ["login": "''"]),
        RowCase("attempt with an unknown outcome", "attempts", ["outcome": "'busy'"]),
        RowCase("attempt on a missing task", "attempts", ["task_id": "999"]),
        RowCase("attempt without a user", "attempts", ["user": "''"]),
        RowCase("escalation at level 3", "escalations", ["level": "3"]),
        RowCase("escalation whose targets are not a JSON array", "escalations", ["target_npis": "'x'"]),
        RowCase("escalation of a missing task", "escalations", ["task_id": "999"]),
    ]

    @Test("a bad row is rejected", arguments: rejected)
    func rejectsBadRow(_ row: RowCase) throws {
        let store = try seeded()

        let error = #expect(throws: DatabaseError.self) { try store.execute(row.sql) }

        #expect(error?.resultCode == .SQLITE_CONSTRAINT)
    }

    @Test("the valid templates are accepted", arguments: ["messages", "tasks", "observations", "providers",
                                                          "coverage", "audit", "listener_heartbeat", "attempts",
                                                          "escalations"])
    func acceptsValidRow(_ table: String) throws {
        let store = try seeded()

        try store.execute(RowCase("valid", table, [:]).sql)
    }

    @Test("a refused message may reuse the control id of an accepted one")
    func refusedMayReuseControlID() throws {
        let store = try seeded()

        try store.execute(RowCase("refused", "messages", ["control_id": "'C1'", "ack_code": "'AE'", "error_code": "101"]).sql)

        #expect(try store.count("SELECT COUNT(*) FROM messages WHERE control_id = 'C1'") == 2)
    }

    @Test("audit rows cannot be changed or deleted", arguments: [
        "UPDATE audit SET user = 'someone else'",
        "UPDATE audit SET details = '{}'",
        "DELETE FROM audit",
    ])
    func auditIsAppendOnly(_ sql: String) throws {
        let store = try seeded()
        let before = try store.count("SELECT COUNT(*) FROM audit")
        #expect(before > 0)

        let error = #expect(throws: DatabaseError.self) { try store.execute(sql) }

        #expect(error?.message == "audit rows are append-only")
        #expect(try store.count("SELECT COUNT(*) FROM audit") == before)
    }

    @Test("an escalation is recorded once per task, level and clock")
    func escalationOncePerClock() throws {
        let store = try seeded()
        let row = RowCase("first", "escalations", [:])
        try store.execute(row.sql)

        let error = #expect(throws: DatabaseError.self) { try store.execute(row.sql) }
        #expect(error?.resultCode == .SQLITE_CONSTRAINT)

        try store.execute(RowCase("new clock", "escalations", ["clock_started_at": "'2026-01-02T12:00:00Z'"]).sql)
        #expect(try store.count("SELECT COUNT(*) FROM escalations") == 2)
    }

    @Test("the audit chain record cannot be changed or deleted", arguments: [
        "UPDATE audit_chain SET keyed = 1, key_check = 'x'",
        "DELETE FROM audit_chain",
    ])
    func auditChainRecordIsFixed(_ sql: String) throws {
        let store = try seeded()
        #expect(try store.count("SELECT COUNT(*) FROM audit_chain") == 1)

        let error = #expect(throws: DatabaseError.self) { try store.execute(sql) }

        #expect(error?.message == "the audit chain record is fixed")
        #expect(try store.count("SELECT keyed FROM audit_chain") == 0)
    }
}
