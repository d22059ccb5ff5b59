import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation
import StoreFixtures
import Testing

@Suite("Dashboard adapters: awaiting orders in the ordering provider's queue, else Unassigned")
struct DashboardAwaitingAdapterTests {
    static func store(_ kind: StoreKind = .sqlite) throws -> TestStore {
        let store = try TestStore(kind: kind, config: Fixture.awaitingConfig)
        for item in Fixture.awaitingItems { try store.ingest(item) }
        return store
    }

    @Test("each queue's awaiting and late counts; no provider and off the roster count as Unassigned's", arguments: StoreKind.available)
    func overview(kind: StoreKind) throws {
        let store = try Self.store(kind)
        let adapter = try DashboardStoreAdapter(database: store.database)
        let queues = try adapter.overview(at: Fixture.start).queues
        let counts = Dictionary(uniqueKeysWithValues: queues.map { ($0.key, [$0.awaiting, $0.awaitingLate]) })
        #expect(counts == [.unassigned: [2, 0], .provider(npi: Fixture.drA): [4, 2], .provider(npi: Fixture.drB): [1, 1],
                           .provider(npi: Fixture.drC): [0, 0]])
    }

    @Test("the view's rows carry their expected time and queue; Unassigned's are the orders no roster provider placed", arguments: StoreKind.available)
    func page(kind: StoreKind) throws {
        let store = try Self.store(kind)
        let views = DashboardViewsAdapter(database: store.database, turnaround: Fixture.awaitingTurnaround)
        let unassigned = try views.awaiting(.queue(.unassigned), offset: 0, limit: 10, at: Fixture.start)
        #expect(Set(unassigned.rows.map(\.order.placerNumber)) == ["PH", "PI"] && unassigned.total == 2)
        #expect(unassigned.rows.allSatisfy { $0.queue == .unassigned })
        let drA = try views.awaiting(.queue(.provider(npi: Fixture.drA)), offset: 0, limit: 10, at: Fixture.start)
        #expect(drA.rows.map(\.order.placerNumber) == ["PA", "PC", "PF", "PB"])
        #expect(drA.rows.map { $0.isLate(at: Fixture.start) } == [true, true, false, false])
        #expect(drA.rows[3].expectedBy == Fixture.start.addingTimeInterval(1))
        let all = try views.awaiting(.all, offset: 0, limit: 1, at: Fixture.start)
        #expect((all.total, all.late, all.rows.first?.queue) == (7, 3, .provider(npi: Fixture.drB)))
    }
}
