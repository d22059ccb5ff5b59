import CareQueueCore
import Foundation
import StoreFixtures
import Testing
@testable import CareQueueStore

private struct Unexpected: Error {}

@Suite("Review list as work: resolve and replay")
struct ReviewWorkTests {
    private let later = Fixture.start.addingTimeInterval(3600)

    private static func config(processingIDs: [String]) -> CareQueueConfig {
        var config = CareQueueConfig()
        config.listener.processingIDs = processingIDs
        return config
    }

    /// Takes `raw` in as the listener would under `processingIDs`; the stored message's id.
    @discardableResult
    private func ingest(_ raw: [UInt8], _ store: TestStore, processingIDs: [String] = ["P"]) throws -> IngestOutcome {
        let item = FrameIntake(processingIDs: processingIDs).classify(raw, peer: "10.0.0.5:5000", receivedAt: Fixture.start).item
        return try store.ingest(item)
    }

    private func refusedTrainingMessage(_ store: TestStore) throws -> Int64 {
        guard case .refused(let refusal) = try ingest(Fixture.potassiumORU("T1", processingID: "T"), store) else {
            throw Unexpected()
        }
        #expect(refusal.code == .unsupportedProcessingID)
        return try #require(try store.database.reviewList().first?.id)
    }

    private func auditRows(_ action: String, _ store: TestStore) throws -> [(user: String, details: AuditDetails)] {
        try store.database.auditRecords(AuditFilter(action: action)).map { ($0.user, AuditDetails($0.details)) }
    }

    @Test("resolving takes a message off the open list, keeps it under --all, and is audited with the note", arguments: StoreKind.available)
    func resolve(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let id = try refusedTrainingMessage(store)

        let outcome = try store.database.resolveReviewMessage(id: id, note: "test feed, ignore", user: "alice", at: later)

        #expect(outcome == .resolved)
        #expect(try store.database.reviewList().isEmpty)
        #expect(try store.database.reviewCount() == 0)
        let all = try store.database.reviewList(includingResolved: true)
        #expect(all.map(\.id) == [id])
        #expect(all.first?.resolution == ReviewResolution(at: later, by: "alice", note: "test feed, ignore"))
        let audit = try auditRows("message.resolved", store)
        #expect(audit.count == 1)
        #expect(audit.first?.user == "alice")
        #expect(audit.first?.details.string("message_id") == String(id))
        #expect(audit.first?.details.string("note") == "test feed, ignore")
    }

    @Test("resolving twice, an unknown id or an accepted message is refused and writes nothing", arguments: StoreKind.available)
    func resolveRefusals(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let id = try refusedTrainingMessage(store)
        try store.database.resolveReviewMessage(id: id, note: "first", user: "alice", at: later)
        guard case .accepted(let acceptedID) = try ingest(Fixture.potassiumORU("A1"), store) else { throw Unexpected() }

        let again = try store.database.resolveReviewMessage(id: id, note: "second", user: "bob", at: later)

        #expect(again == .alreadyResolved(ReviewResolution(at: later, by: "alice", note: "first")))
        #expect(try store.database.resolveReviewMessage(id: 999, note: "x", user: "bob", at: later) == .notOnReviewList)
        #expect(try store.database.resolveReviewMessage(id: acceptedID, note: "x", user: "bob", at: later) == .notOnReviewList)
        #expect(try auditRows("message.resolved", store).count == 1)
    }

    @Test("replay under the old configuration still refuses, says why and leaves the message open", arguments: StoreKind.available)
    func replayStillRefused(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let id = try refusedTrainingMessage(store)

        let outcome = try store.database.replayReviewMessage(id: id, config: Self.config(processingIDs: ["P"]),
                                                             user: "alice", at: later, timeSource: store.clock)

        guard case .stillRefused(let refusal) = outcome else { Issue.record("\(outcome)"); return }
        #expect(refusal.reason.contains("processing id \"T\""))
        #expect(try store.database.reviewList().map(\.id) == [id])
        #expect(try store.count("SELECT COUNT(*) FROM messages") == 1)
        #expect(try auditRows("message.replay_refused", store).first?.details.string("message_id") == String(id))
    }

    @Test("after processing_ids admits it, replay makes the task, timed from the original receipt, and resolves the original", arguments: StoreKind.available)
    func replayAfterConfigFix(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let id = try refusedTrainingMessage(store)

        let outcome = try store.database.replayReviewMessage(id: id, config: Self.config(processingIDs: ["P", "T"]),
                                                             user: "alice", at: later, timeSource: store.clock)

        guard case .replayed(let replayID, let taskIDs) = outcome else { Issue.record("\(outcome)"); return }
        #expect(replayID != id)
        #expect(taskIDs.count == 1)
        let task = try store.task(try #require(taskIDs.first))
        #expect(task.urgency == .critical)
        #expect(task.assignedNPI == Fixture.drA)
        #expect(try store.string("SELECT received_at FROM tasks") == "2026-01-01T12:00:00Z")
        #expect(try store.database.reviewList().isEmpty)
        let resolution = try #require(try store.database.reviewItem(id: id)?.resolution)
        #expect(resolution.replayedAs == replayID)
        #expect(resolution.note == "replayed as message \(replayID)")
        #expect(try store.string("SELECT ack_code || ' ' || replay_of FROM messages WHERE id = \(replayID)") == "AA \(id)")
        let audit = try auditRows("message.replayed", store)
        #expect(audit.first?.details.string("replay_message_id") == String(replayID))
    }

    @Test("replaying twice is refused: the first replay resolved it, and no second task appears", arguments: StoreKind.available)
    func replayTwice(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let id = try refusedTrainingMessage(store)
        let fixed = Self.config(processingIDs: ["P", "T"])
        guard case .replayed(let replayID, _) = try store.database.replayReviewMessage(
            id: id, config: fixed, user: "alice", at: later, timeSource: store.clock) else { throw Unexpected() }

        let again = try store.database.replayReviewMessage(id: id, config: fixed, user: "bob", at: later, timeSource: store.clock)

        guard case .blocked(.alreadyResolved(let resolution)) = again else { Issue.record("\(again)"); return }
        #expect(resolution.replayedAs == replayID)
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 1)
        #expect(try store.count("SELECT COUNT(*) FROM messages") == 2)
        // The lab resending it now is a duplicate of the replay, not a second task.
        #expect(try ingest(Fixture.potassiumORU("T1", processingID: "T"), store, processingIDs: ["P", "T"]) == .duplicate)
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 1)
    }

    @Test("a message the lab already resent and got accepted is not replayed", arguments: StoreKind.available)
    func replayAfterResend(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let id = try refusedTrainingMessage(store)
        guard case .accepted(let resentID) = try ingest(Fixture.potassiumORU("T1", processingID: "T"), store, processingIDs: ["P", "T"]) else {
            throw Unexpected()
        }

        let outcome = try store.database.replayReviewMessage(id: id, config: Self.config(processingIDs: ["P", "T"]),
                                                             user: "alice", at: later, timeSource: store.clock)

        #expect(outcome == .alreadyAccepted(messageID: resentID))
        #expect(try store.count("SELECT COUNT(*) FROM tasks") == 1)
        #expect(try store.database.reviewList().map(\.id) == [id])
    }

    @Test("an acknowledged message whose tasks could not be made is replayed as a reuse of itself, never a duplicate", arguments: StoreKind.available)
    func replayUnderivable(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        // A constraint failure while deriving (as a broken row would raise) sends it to the review list.
        switch kind {
        case .sqlite:
            try store.execute("""
                CREATE TRIGGER refuse_tasks BEFORE INSERT ON tasks BEGIN SELECT RAISE(ABORT, 'injected failure'); END
                """)
        case .postgres:
            try store.execute("""
                CREATE FUNCTION refuse_tasks() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'injected failure'; END $$;  -- P0001, as a DBA's own trigger would raise
                CREATE TRIGGER refuse_tasks BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION refuse_tasks();
                """)
        }
        guard case .accepted(let id) = try ingest(Fixture.potassiumORU("U1"), store) else { throw Unexpected() }
        #expect(try store.database.reviewList().first?.reason.contains("injected failure") == true)
        try store.execute(kind == .sqlite ? "DROP TRIGGER refuse_tasks" : "DROP TRIGGER refuse_tasks ON tasks")
        #expect(try store.database.reviewList().map(\.id) == [id])

        let outcome = try store.database.replayReviewMessage(id: id, config: CareQueueConfig(), user: "alice", at: later,
                                                             timeSource: store.clock)

        guard case .replayed(let replayID, let taskIDs) = outcome else { Issue.record("\(outcome)"); return }
        #expect(taskIDs.count == 1)
        #expect(try store.string("SELECT original_message_id FROM messages WHERE id = \(replayID)") == String(id))
        #expect(try store.database.reviewList().isEmpty)
    }
}
