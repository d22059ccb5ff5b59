import CareQueueApp
import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation
import StoreFixtures
import Testing

/// The review list's keys reach the same store calls as `review resolve` and `review replay`.
@Suite("Dashboard review actions and the review clock's ticker, through the store")
struct DashboardReviewAdapterTests {
    private let later = Fixture.start.addingTimeInterval(600)

    private func refused(_ store: TestStore) throws -> Int64 {
        let item = FrameIntake(processingIDs: ["P"]).classify(Fixture.potassiumORU("T1", processingID: "T"), peer: "10.0.0.5:5000",
                                                              receivedAt: Fixture.start).item
        _ = try store.ingest(item)
        return try #require(try store.database.reviewList().first?.id)
    }

    /// Who the audit rows of `action` name, in order.
    private func audit(_ action: String, _ store: TestStore) throws -> [String] {
        try store.database.auditRecords(AuditFilter(action: action)).map(\.user)
    }

    @Test("r: resolves as the dashboard's user, audited as message.resolved; the list the view reads is empty after", arguments: StoreKind.available)
    func resolve(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try refused(store)
        let actions = DashboardActions(database: store.database)
        let views = DashboardViewsAdapter(database: store.database)
        #expect(try views.reviewItems().map(\.id) == [id])

        #expect(actions.perform(.resolve(note: "  "), onMessage: id, by: "kim", at: later)
                == .refused("a note must say why the message is resolved"))
        let outcome = actions.perform(.resolve(note: "test feed"), onMessage: id, by: "kim", at: later)

        #expect(outcome == .done("message \(id) resolved: test feed"))
        #expect(try views.reviewItems().isEmpty)
        #expect(try audit("message.resolved", store) == ["kim"])
        #expect(actions.perform(.resolve(note: "again"), onMessage: id, by: "kim", at: later)
                == .refused("message \(id) was already resolved 2026-01-01T12:10:00Z by kim: test feed"))
    }

    @Test("p: replays under the dashboard's configuration; still refused says why; after the fix it becomes a task", arguments: StoreKind.available)
    func replay(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try refused(store)

        let unfixed = DashboardActions(database: store.database).perform(.replay, onMessage: id, by: "kim", at: later)
        guard case .refused(let why) = unfixed else { Issue.record("\(unfixed)"); return }
        #expect(why.hasPrefix("message \(id) is still refused (AR 202 at MSH^1^11): processing id \"T\""), "\(why)")
        #expect(try audit("message.replay_refused", store) == ["kim"])

        var fixed = CareQueueConfig()
        fixed.listener.processingIDs = ["P", "T"]
        let outcome = DashboardActions(database: store.database, config: fixed).perform(.replay, onMessage: id, by: "kim",
                                                                                         at: later)

        let task = try #require(try store.string("SELECT id FROM tasks"))
        #expect(outcome == .done("message \(id) replayed as message \(id + 1): task \(task)"))
        #expect(try audit("message.replayed", store) == ["kim"])
        #expect(try DashboardViewsAdapter(database: store.database).reviewItems().isEmpty)
    }

    @Test("a read-only wall refuses both without touching the store", arguments: StoreKind.available)
    func wall(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try refused(store)
        var settings = DashboardSettings(user: "kim")
        settings.readOnly = true
        let actions = DashboardWall.actions(DashboardActions(database: store.database), settings: settings)

        #expect(actions.perform(.resolve(note: "x"), onMessage: id, by: "kim", at: later)
                == .refused("read-only wall screen: nothing can be changed here"))
        #expect(actions.perform(.replay, onMessage: id, by: "kim", at: later)
                == .refused("read-only wall screen: nothing can be changed here"))
        #expect(try store.database.reviewList().map(\.id) == [id])
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action IN ('message.resolved', 'message.replayed', 'message.replay_refused')") == 0)
    }

    @Test("the overview carries the review clock's escalations for the ticker, newest first", arguments: StoreKind.available)
    func ticker(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try refused(store)
        let adapter = try DashboardStoreAdapter(database: store.database)
        #expect(try adapter.overview(at: Fixture.start).reviewEscalations.isEmpty)

        try store.database.runSweep(at: Fixture.start.addingTimeInterval(3600))

        let shown = try adapter.overview(at: Fixture.start.addingTimeInterval(3600)).reviewEscalations
        #expect(shown.map(\.messageID) == [id])
        #expect(shown.first?.reason.hasPrefix("Refused message \(id) from LAB / MAIN open 1 h") == true)
    }
}
