import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation
import StoreFixtures
import Testing

@Suite("Dashboard reassign picker")
struct ReassignCandidatesTests {
    @Test("offers the providers with a result queue, by name, and never a retired one", arguments: StoreKind.available)
    func retiredLeftOut(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let views = DashboardViewsAdapter(database: store.database, turnaround: Fixture.awaitingTurnaround)
        #expect(try views.reassignCandidates().map(\.npi) == [Fixture.drA, Fixture.drB, Fixture.drC])
        var retired = Fixture.roster[1]
        retired.active = false
        try store.database.importRoster([retired])
        #expect(try views.reassignCandidates().map(\.npi) == [Fixture.drA, Fixture.drC])
    }
}
