import CareQueueCore
import Foundation
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("rules try over the store: stored messages, and what ingest would find in it")
struct RulesTrialOnBothStoresTests {
    @Test("a stored message reads back as received; tried again it is a resend, tried as new it makes a task",
          arguments: StoreKind.available)
    func storedMessages(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let raw = Fixture.potassiumORU("A1")
        let item = FrameIntake(processingIDs: ["P"]).classify(raw, peer: "10.0.0.5:5000", receivedAt: Fixture.start).item
        guard case .accepted(let id) = try store.ingest(item) else {
            Issue.record("the message was not accepted")
            return
        }

        let stored = try store.database.storedMessages(since: Fixture.start)
        #expect(stored.map(\.id) == [id] && stored.first?.raw == raw)
        #expect(try store.database.storedMessages(since: Fixture.start + 1).isEmpty)

        let trial = RulesTrial(config: CareQueueConfig(), roster: Roster(providers: Fixture.roster), at: Fixture.start)
        let input = RulesTrial.Input(label: "message \(id)", raw: raw)
        let again = try store.database.tryRules([input], with: trial)
        guard case .duplicate = again.first?.verdict else {
            Issue.record("a stored message tried again is not its own resend: \(again)")
            return
        }
        let asNew = try store.database.tryRules([input], with: trial, asNew: true)
        #expect(asNew.first?.tasks.count == 1)
    }
}
