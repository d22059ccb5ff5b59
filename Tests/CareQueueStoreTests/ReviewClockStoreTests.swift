import CareQueueCore
import Foundation
import StoreFixtures
import Testing
@testable import CareQueueStore

private struct Unexpected: Error {}

@Suite("The review clock in the sweep")
struct ReviewClockStoreTests {
    private let due = Fixture.start.addingTimeInterval(3600)

    /// A refused message received at `Fixture.start`; its id.
    private func refused(_ controlID: String, _ store: TestStore) throws -> Int64 {
        guard case .refused = try store.ingest(Fixture.refused(controlID)) else { throw Unexpected() }
        return Int64(try store.count("SELECT max(id) FROM messages WHERE \(CareQueueDatabase.onReviewList)"))
    }

    private func escalationAudit(_ store: TestStore) throws -> [AuditDetails] {
        try store.database.engine.read { db in
            try db.values(String.self, "SELECT details FROM audit WHERE action = 'message.escalated' ORDER BY seq")
                .map(AuditDetails.init)
        }
    }

    @Test("nothing a second before the window; at the instant one escalation to the coordinators, audited; then never again",
          arguments: StoreKind.available)
    func boundary(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let id = try refused("C1", store)

        #expect(try store.database.runSweep(at: due.addingTimeInterval(-1)).refusedMessages.isEmpty)
        let report = try store.database.runSweep(at: due)

        #expect(report.refusedMessages.count == 1)
        let step = try #require(report.refusedMessages.first)
        #expect(step.messageID == id && step.level == 1 && step.dueAt == due && step.recordedAt == due)
        #expect(step.target == "care coordinators" && step.targetNPIs == [Fixture.coordinator])
        #expect(step.reason == "Refused message \(id) from LAB / MAIN open 1 h: PID-3 has no MRN")
        #expect(try store.database.runSweep(at: due).isEmpty, "a second sweep at the same instant records nothing")
        #expect(try store.database.runSweep(at: due.addingTimeInterval(86_400)).isEmpty, "nor any later one")
        #expect(try store.count("SELECT COUNT(*) FROM review_escalations") == 1)
        let audit = try escalationAudit(store)
        #expect(audit.count == 1)
        #expect(audit.first?.string("message_id") == String(id))
        #expect(audit.first?.string("due_at") == "2026-01-01T13:00:00Z")
        #expect(audit.first?.string("target") == "care coordinators")
        #expect(audit.first?.string("target_npis") == Fixture.coordinator)
        #expect(try store.database.recentReviewEscalations(limit: 5) == [step])
        let listed = try store.database.reviewList()
        #expect(listed.first?.escalatedAt == due, "review list shows when")
    }

    @Test("a message resolved before its due time never escalates; one still refused after a replay does",
          arguments: StoreKind.available)
    func resolvedOrReplayed(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let resolved = try refused("C1", store)
        try store.database.resolveReviewMessage(id: resolved, note: "test feed", user: "alice",
                                                at: due.addingTimeInterval(-60))
        let item = FrameIntake(processingIDs: ["P"]).classify(Fixture.potassiumORU("T1", processingID: "T"), peer: "10.0.0.5:5000",
                                                              receivedAt: Fixture.start).item
        guard case .refused = try store.ingest(item) else { throw Unexpected() }
        let replayed = try #require(try store.database.reviewList().last?.id)
        var fixed = CareQueueConfig()
        fixed.listener.processingIDs = ["P", "T"]
        guard case .replayed = try store.database.replayReviewMessage(id: replayed, config: fixed, user: "alice",
                                                                      at: due.addingTimeInterval(-60),
                                                                      timeSource: store.clock) else { throw Unexpected() }
        let stillRefused = try refused("C2", store)
        _ = try store.database.replayReviewMessage(id: stillRefused, config: CareQueueConfig(), user: "alice",
                                                   at: due.addingTimeInterval(-60), timeSource: store.clock)

        let report = try store.database.runSweep(at: due.addingTimeInterval(3600))

        #expect(report.refusedMessages.map(\.messageID) == [stillRefused])
        #expect(try store.database.reviewList(includingResolved: true).filter { $0.escalatedAt != nil }.map(\.id)
                == [stillRefused])
    }

    @Test("an acknowledged message whose tasks could not be made is on the clock too", arguments: StoreKind.available)
    func underivable(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        switch kind {
        case .sqlite:
            try store.execute("CREATE TRIGGER refuse_tasks BEFORE INSERT ON tasks BEGIN SELECT RAISE(ABORT, 'injected'); END")
        case .postgres:
            // A constraint's failure, as SQLite's RAISE(ABORT) is: the message's fault, not the store's.
            try store.execute("""
                CREATE FUNCTION refuse_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'injected' USING ERRCODE = 'check_violation'; END $$;
                CREATE TRIGGER refuse_tasks BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION refuse_tasks();
                """)
        }
        let item = FrameIntake(processingIDs: ["P", "T"]).classify(Fixture.potassiumORU("U1", processingID: "T"), peer: "10.0.0.5:5000",
                                                                   receivedAt: Fixture.start).item
        guard case .accepted(let id) = try store.ingest(item) else { throw Unexpected() }

        let report = try store.database.runSweep(at: due)

        #expect(report.refusedMessages.map(\.messageID) == [id])
        #expect(report.refusedMessages.first?.reason.hasPrefix("Message \(id) (no tasks made) from LAB / MAIN open 1 h: "
                                                               + "acknowledged, but its tasks could not be made") == true)
    }

    @Test("a remembered quiet schedule does not skip a message refused after it, and wakes at its due time",
          arguments: StoreKind.available)
    func quietScheduleWakes(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        #expect(try store.database.runSweep(at: Fixture.start).isEmpty)
        #expect(try store.database.nextSweepDue(after: Fixture.start) == nil, "nothing pending: quiet for ever")

        let id = try refused("C1", store)
        #expect(try store.database.nextSweepDue(after: Fixture.start) == due)
        #expect(try store.database.runSweep(at: Fixture.start.addingTimeInterval(10)).isEmpty)
        #expect(try store.database.runSweep(at: due).refusedMessages.map(\.messageID) == [id])
        #expect(try store.database.nextSweepDue(after: due) == nil, "escalated: nothing more to wait for")
    }

    @Test("the configured window is the one the sweep uses", arguments: StoreKind.available)
    func configuredWindow(kind: StoreKind) throws {
        var config = CareQueueConfig()
        config.windows.review = 15 * 60
        let store = try TestStore(kind: kind, config: config)
        _ = try refused("C1", store)

        #expect(try store.database.runSweep(at: Fixture.start.addingTimeInterval(15 * 60 - 1)).refusedMessages.isEmpty)
        #expect(try store.database.runSweep(at: Fixture.start.addingTimeInterval(15 * 60)).refusedMessages.count == 1)
    }

    @Test("a sweep in small chunks escalates every due message once", arguments: [1, 2, 200], StoreKind.available)
    func chunked(chunk: Int, kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let ids = try (1...3).map { try refused("C\($0)", store) }

        let report = try store.database.runSweep(at: due, chunk: chunk)

        #expect(report.refusedMessages.map(\.messageID) == ids)
        #expect(try store.database.runSweep(at: due, chunk: chunk).isEmpty)
        #expect(try escalationAudit(store).count == 3)
    }
}
