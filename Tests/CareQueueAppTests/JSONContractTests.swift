import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation
import StoreFixtures
import Testing

@Suite("tasks list and review list JSON")
struct TaskJSONTests {
    private func json(_ value: some Encodable) throws -> [String: Any] {
        let data = try CLIJSON.encoder().encode(value)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("a task encodes exactly the contract's fields and formats", arguments: StoreKind.available)
    func taskFields(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        store.clock.advance(by: 0.9)
        let id = try store.taskIDs(Fixture.result("C1", Fixture.order(observations: [
            Fixture.potassium("6.8", flags: ["HH"]),
        ])))[0]

        let object = try json(TaskJSON(store.task(id)))

        #expect(Set(object.keys) == [
            "id", "kind", "status", "urgency", "mrn", "patient", "ordering_npi", "assigned_npi", "unassigned", "test",
            "observations", "result_status", "received_at", "due_at", "escalation_level", "attempts", "control_id",
            "urgency_reason", "dob", "phone", "covering_for_npi", "routing", "reopened", "retraction_review",
            "test_code", "placer_number", "filler_number", "charset_warning", "claimed_by", "claimed_until",
            "callback_at", "contact_preference",
            "signoff_required", "signed_off_by", "signed_off_npi", "signed_off_at", "signoff_note",
        ])
        #expect(object["callback_at"] is NSNull && object["contact_preference"] is NSNull, "none pending, none known")
        #expect(object["signoff_required"] as? Bool == false, "sign-off is off by default")
        #expect(object["signed_off_by"] is NSNull && object["signed_off_at"] is NSNull)
        #expect(object["charset_warning"] is NSNull)
        #expect(object["claimed_by"] is NSNull && object["claimed_until"] is NSNull, "unclaimed")
        #expect(object["test_code"] as? String == "BMP")
        #expect(object["filler_number"] as? String == "F1")
        #expect(object["placer_number"] as? String == "P1")
        #expect(object["id"] as? Int == Int(id))
        #expect(object["status"] as? String == "open")
        #expect(object["urgency"] as? String == "critical")
        #expect(object["mrn"] as? String == "MRN1")
        #expect(object["patient"] as? String == "Doe, Jan")
        #expect(object["ordering_npi"] as? String == Fixture.drA)
        #expect(object["assigned_npi"] as? String == Fixture.drA)
        #expect(object["unassigned"] as? Bool == false)
        #expect(object["test"] as? String == "Basic metabolic panel")
        #expect(object["result_status"] as? String == "F")
        #expect(object["received_at"] as? String == "2026-01-01T12:00:00Z")
        #expect(object["due_at"] as? String == "2026-01-01T12:30:00Z")
        #expect(object["escalation_level"] as? Int == 0)
        #expect(object["attempts"] as? Int == 0)
        #expect(object["control_id"] as? String == "C1")
        #expect(object["dob"] as? String == "1980-01-02")
        #expect(object["phone"] as? String == "555-0100")
        #expect(object["covering_for_npi"] is NSNull)
        #expect(object["reopened"] as? Bool == false)
        #expect(object["retraction_review"] as? Bool == false)
        let observations = try #require(object["observations"] as? [[String: Any]])
        #expect(observations.count == 1)
        #expect(Set(observations[0].keys) == ["code", "text", "value", "units", "range", "flags", "status"])
        #expect(observations[0]["flags"] as? [String] == ["HH"])
        #expect(observations[0]["range"] as? String == "3.5-5.1")
        #expect(observations[0]["value"] as? String == "6.8")
    }

    @Test("a live claim is claimed_by and claimed_until; a lapsed one reads as unclaimed", arguments: StoreKind.available)
    func claimFields(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let id = try store.taskIDs(Fixture.result("C1", Fixture.order(observations: [Fixture.potassium("4.1")])))[0]
        try store.database.claim(task: id, by: "kim", at: store.clock.now(), for: 300)
        let task = try store.task(id)
        let live = try json(TaskJSON(task, at: store.clock.now().addingTimeInterval(299)))
        #expect(live["claimed_by"] as? String == "kim")
        #expect(live["claimed_until"] as? String == "2026-01-01T12:05:00Z")
        let lapsed = try json(TaskJSON(task, at: store.clock.now().addingTimeInterval(300)))
        #expect(lapsed["claimed_by"] is NSNull && lapsed["claimed_until"] is NSNull)
        #expect(try store.task(id).status == .open, "a claim is not a status")
    }

    @Test("an unassigned task says null and true", arguments: StoreKind.available)
    func unassignedNulls(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let id = try store.taskIDs(Fixture.result("C1", Fixture.order(provider: nil, observations: [Fixture.potassium()])))[0]

        let object = try json(TaskJSON(store.task(id)))

        #expect(object["assigned_npi"] is NSNull)
        #expect(object["ordering_npi"] is NSNull)
        #expect(object["unassigned"] as? Bool == true)
    }

    @Test("a closed task's due_at is null", arguments: StoreKind.available)
    func closedDueNull(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let id = try store.taskIDs(Fixture.result("C1", Fixture.order(status: "X", observations: [])))[0]

        let object = try json(TaskJSON(store.task(id)))

        #expect(object["due_at"] is NSNull)
        #expect(object["status"] as? String == "closed")
    }

    @Test("the list is sorted by due time, stopped clocks last, and filters by queue", arguments: StoreKind.available)
    func sortingAndFilters(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let routine = try store.taskIDs(Fixture.result("C1", Fixture.order(filler: "F1", placer: "P1",
                                                                          observations: [Fixture.potassium()])))[0]
        let critical = try store.taskIDs(Fixture.result("C2", Fixture.order(filler: "F2", placer: "P2", observations: [
            Fixture.potassium("7.0", flags: ["HH"]),
        ])))[0]
        let unassigned = try store.taskIDs(Fixture.result("C3", Fixture.order(filler: "F3", placer: "P3", provider: nil,
                                                                             observations: [Fixture.sodium("150", flags: ["H"])])))[0]
        let cancelled = try store.taskIDs(Fixture.result("C4", Fixture.order(filler: "F4", placer: "P4", status: "X",
                                                                            observations: [])))[0]

        #expect(try store.database.tasks().map(\.id) == [critical, unassigned, routine])
        #expect(try store.database.tasks(status: .all).map(\.id) == [critical, unassigned, routine, cancelled])
        #expect(try store.database.tasks(status: .closed).map(\.id) == [cancelled])
        #expect(try store.database.tasks(provider: Fixture.drA).map(\.id) == [critical, routine])
        #expect(try store.database.tasks(unassignedOnly: true).map(\.id) == [unassigned])
        let window = try store.database.tasks(status: .all, limit: 2, offset: 1)
        #expect(window.map(\.id) == [unassigned, routine])
        #expect(window.map(\.observations.count) == [1, 1])
    }

    /// A store writing closures to an `[outbound]` destination, held 10 s for undo.
    private func outboundStore(_ kind: StoreKind) throws -> TestStore {
        var config = CareQueueConfig()
        config.outbound = CareQueueConfig.Outbound(host: "127.0.0.1", port: 9)
        return try TestStore.lifecycle(kind, config: config)
    }

    static let outboxKeys: Set<String> = [
        "id", "task_id", "event", "status", "message_type", "control_id", "attempts", "created_at", "deliverable_at",
        "next_attempt_at", "last_attempt_at", "first_failure_at", "finished_at", "last_error", "ack_code", "patient", "test",
    ]

    static let orderKeys: Set<String> = [
        "id", "kind", "state", "progress", "mrn", "patient", "placer_number", "filler_number", "test_code", "test",
        "ordering_npi", "ordering_name", "referred_to", "priority", "stat", "ordered_at", "resulted_at", "result_task_id",
        "first_action_at", "closed_at", "sending_application", "sending_facility", "expected_by", "overdue",
        "missing_task_id",
    ]

    @Test("a tracked order encodes exactly the contract's fields")
    func orderFields() throws {
        let order = TrackedOrder(id: 4, kind: .order, sender: SenderID(application: "EHR", facility: "CLINIC"), mrn: "MRN1",
                                 patient: "Doe, Jan", placerNumber: "PL1", fillerNumber: "F1", serviceCode: "2823-3",
                                 serviceText: "Potassium", orderingNPI: "1234567893", orderingName: "Chen, Ada", priority: "S",
                                 orderedAt: Fixture.start, state: .final, resultedAt: Fixture.start.addingTimeInterval(3600),
                                 resultTaskID: 9)
        var turnaround = CareQueueConfig.Turnaround()
        turnaround.tests["2823-3"] = 4 * 3600
        let object = try json(TrackedOrderJSON(order, turnaround: turnaround, at: Fixture.start))
        #expect(Set(object.keys) == Self.orderKeys)
        #expect(object["state"] as? String == "final" && object["progress"] as? String == "final" && object["stat"] as? Bool == true)
        #expect(object["ordered_at"] as? String == "2026-01-01T12:00:00Z" && object["resulted_at"] as? String == "2026-01-01T13:00:00Z")
        #expect(object["closed_at"] is NSNull && object["result_task_id"] as? Int == 9)
        #expect(object["expected_by"] as? String == "2026-01-01T14:00:00Z", "stat: the shorter of 2 h and the test's 4 h")
        #expect(object["overdue"] as? Bool == false, "resulted")
    }

    @Test("an outbox row encodes exactly the contract's fields; show adds message and ack", arguments: StoreKind.available)
    func outboxFields(kind: StoreKind) throws {
        let store = try outboundStore(kind)
        let id = try store.newTask(Fixture.task(1, .routine))
        try store.act(.close(.reached, note: "told her"), id)
        let entry = try #require(try store.database.outboxEntries().first)

        let waiting = try json(OutboxEntryJSON(entry))
        #expect(Set(waiting.keys) == Self.outboxKeys)
        #expect(waiting["task_id"] as? Int == Int(id) && waiting["event"] as? String == "close")
        #expect(waiting["status"] as? String == "waiting" && waiting["message_type"] as? String == "MDM^T02")
        #expect(waiting["control_id"] as? String == entry.controlID && waiting["attempts"] as? Int == 0)
        #expect(waiting["created_at"] as? String == "2026-01-01T12:00:00Z")
        #expect(waiting["deliverable_at"] as? String == "2026-01-01T12:00:11Z")
        #expect(waiting["next_attempt_at"] as? String == "2026-01-01T12:00:11Z")
        #expect(waiting["finished_at"] is NSNull && waiting["last_error"] is NSNull && waiting["ack_code"] is NSNull)
        #expect(waiting["patient"] as? String == "Doe, Jan" && waiting["test"] as? String == "Basic metabolic panel")

        store.clock.advance(by: 10)
        #expect(try store.database.beginOutboxSend(entry.id, at: store.clock.now()))
        try store.database.recordOutboxVerdict(entry.id, .refused(code: "AE", ack: "MSA|AE|x|no such patient\r",
                                                                  reason: "AE: no such patient"),
                                               at: store.clock.now(), retryCap: 60)
        let (failed, message) = try #require(try store.database.outboxEntry(id: entry.id))
        let shown = try json(OutboxEntryJSON(failed, message: message))
        #expect(Set(shown.keys) == Self.outboxKeys.union(["message", "ack"]))
        #expect(shown["status"] as? String == "failed" && shown["ack_code"] as? String == "AE")
        #expect(shown["last_error"] as? String == "AE: no such patient")
        #expect(shown["next_attempt_at"] is NSNull, "a finished row has no next send")
        #expect(shown["finished_at"] as? String == "2026-01-01T12:00:10Z")
        #expect(shown["last_attempt_at"] as? String == "2026-01-01T12:00:10Z")
        #expect(shown["message"] as? String == message && shown["ack"] as? String == "MSA|AE|x|no such patient\r")
    }

    @Test("tasks show --json is tasks list's fields plus the story's, the outbox rows included", arguments: StoreKind.available)
    func storyFields(kind: StoreKind) throws {
        let store = try outboundStore(kind)
        let id = try store.newTask(Fixture.task(1, .routine))
        try store.act(.close(.reached, note: "told her"), id)
        var story = try #require(try store.database.taskStory(id: id))
        story.evaluate(at: store.clock.now(), windows: .init())

        let object = try json(TaskStoryJSON(story))
        let listKeys = Set(try json(TaskJSON(store.task(id))).keys)
        #expect(Set(object.keys) == listKeys.union([
            "clock_started_at", "clock_stopped_at", "acknowledged_at", "acknowledged_by", "closed_at", "closed_by",
            "close_outcome", "close_note", "manually_reassigned", "attempt_log", "escalations", "audit", "next_step",
            "as_of", "time_left_s", "suggests_portal_message", "outbox", "order", "purged_at", "raw_purged_at",
        ]))
        #expect(object["order"] is NSNull, "a result no tracked order answers")
        #expect(object["purged_at"] is NSNull && object["raw_purged_at"] is NSNull, "never purged")
        let outbox = try #require(object["outbox"] as? [[String: Any]])
        #expect(outbox.count == 1)
        #expect(Set(outbox[0].keys) == Self.outboxKeys)
        #expect(outbox[0]["event"] as? String == "close" && outbox[0]["status"] as? String == "waiting")
    }

    @Test("a review item encodes its fields with null for what is missing", arguments: StoreKind.available)
    func reviewFields(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        try store.ingest(Fixture.refused(nil, kind: .reject, code: .unsupportedMessageType, reason: "not HL7", sender: nil))

        let object = try json(ReviewItemJSON(try #require(store.database.reviewList().first)))

        #expect(Set(object.keys) == ["id", "received_at", "sender", "control_id", "ack_code", "reason", "peer",
                                     "error_code", "location", "original_message_id", "resolved_at", "resolved_by",
                                     "resolution_note", "replayed_as", "escalated_at"])
        #expect(object["control_id"] is NSNull)
        #expect(object["original_message_id"] is NSNull)
        #expect(object["received_at"] as? String == "2026-01-01T12:00:00Z")
        #expect(object["ack_code"] as? String == "AR")
        #expect(object["error_code"] as? Int == 200)
    }

    @Test("the encoder writes dates as ISO 8601 Z, whole seconds")
    func encoderDates() throws {
        let data = try CLIJSON.encoder().encode([Date(timeIntervalSince1970: 1_767_268_800.999)])

        #expect(String(decoding: data, as: UTF8.self) == #"["2026-01-01T12:00:00Z"]"#)
    }

    @Test("audit list rows embed the details as JSON", arguments: StoreKind.available)
    func listJSON(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .critical))
        _ = try store.act(.acknowledge, id)
        let rows = try store.database.auditRecords(taskID: id)
        let data = try CLIJSON.encoder().encode(rows.map(AuditRecordJSON.init))
        let decoded = try #require(try JSONSerialization.jsonObject(with: data) as? [[String: Any]])

        #expect(decoded.count == rows.count)
        #expect(Set(decoded[0].keys) == ["seq", "at", "user", "os_user", "os_user_name", "action", "task_id", "details", "hash"])
        #expect(decoded[0]["details"] is [String: Any])
        #expect(decoded.allSatisfy { $0["task_id"] as? Int == Int(id) })
    }

    @Test("a report row has every CSV column as a JSON key, nulls included, for each grouping",
          arguments: QueueReport.Grouping.allCases)
    func reportRow(_ grouping: QueueReport.Grouping) throws {
        let period = ReportPeriod(from: Fixture.start.addingTimeInterval(-3600), to: Fixture.start)
        let rows = QueueReport.rows(tasks: [], providers: Fixture.roster, period: period, windows: .init(), by: grouping)
        for row in rows {
            let object = try json(ReportRowJSON(row))
            #expect(Set(object.keys) == Set(QueueReport.Row.columns(grouping)))
            #expect(object["critical_acknowledged_within_window_rate"] is NSNull)
            #expect(object["results"] as? Int == 0)
        }
        if grouping == .provider {
            let object = try json(ReportRowJSON(rows[0]))
            #expect(object["provider_npi"] is NSNull)
            #expect(object["provider"] as? String == "Unassigned")
            #expect(object["unassigned"] as? Bool == true)
        }
    }

    @Test("a turnaround row has every CSV column as a JSON key; the All row nulls its kind and code", arguments: StoreKind.available)
    func turnaroundRow(kind: StoreKind) throws {
        let ordered = Fixture.start.addingTimeInterval(-7200)
        let order = TrackedOrder(id: 1, kind: .order, sender: SenderID(application: "EHR", facility: ""), mrn: "MRN1",
                                 patient: "Doe, Jan", placerNumber: "PL1", serviceCode: "2823-3", serviceText: "Potassium",
                                 orderedAt: ordered, state: .final, resultedAt: ordered.addingTimeInterval(90))
        let rows = TurnaroundReport.rows(orders: [order], period: ReportPeriod(from: ordered, to: Fixture.start),
                                         turnaround: .init())
        let objects = try rows.map { try json(TurnaroundRowJSON($0)) }
        #expect(objects.allSatisfy { Set($0.keys) == Set(TurnaroundReport.Row.columns) })
        #expect(objects.map { $0["test_code"] as? String } == ["2823-3", nil])
        #expect(objects[0]["kind"] as? String == "order" && objects[0]["median_turnaround_s"] as? Int == 90)
        #expect(objects[1]["kind"] is NSNull && objects[1]["test"] as? String == "All")
        #expect(objects[1]["resulted_in_time_rate"] as? Double == 1 && objects[1]["overdue"] as? Int == 0)
    }
}
