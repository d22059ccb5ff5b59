import CareQueueCore
import Foundation
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("Roster and coverage import")
struct RosterTests {
    @Test("roster import upserts by NPI")
    func rosterUpsert() throws {
        let store = try TestStore(roster: [])
        #expect(try store.database.importRoster(Fixture.roster) == ImportSummary(added: 4))
        var changed = Fixture.roster
        changed[0].name = "Dr A. Renamed"
        changed.append(Provider(npi: Fixture.npi("555555555"), name: "Dr E", role: .pa))

        let summary = try store.database.importRoster(changed)

        #expect(summary == ImportSummary(added: 1, updated: 1, unchanged: 3))
        let providers = try store.database.providers()
        #expect(providers.count == 5)
        #expect(providers.first { $0.npi == Fixture.drA }?.name == "Dr A. Renamed")
        #expect(providers.first { $0.npi == Fixture.drA }?.supervisorNPI == Fixture.drC)
    }

    @Test("a roster with one bad row imports nothing")
    func rosterAllOrNothing() throws {
        let store = try TestStore(roster: [])
        let rows = [Fixture.roster[0], Provider(npi: "12345", name: "Short", role: .physician)]

        #expect(throws: StoreError.self) { try store.database.importRoster(rows) }

        #expect(try store.database.providers().isEmpty)
    }

    @Test("coverage import ignores identical rows")
    func coverageDedupe() throws {
        let store = try TestStore()
        let row = Coverage(providerNPI: Fixture.drA, coveringNPI: Fixture.drB,
                           startsAt: Fixture.start, endsAt: Fixture.start + 86_400)
        let later = Coverage(providerNPI: Fixture.drA, coveringNPI: Fixture.drB,
                             startsAt: Fixture.start + 86_400, endsAt: Fixture.start + 2 * 86_400)
        #expect(try store.database.importCoverage([row]) == ImportSummary(added: 1))

        let summary = try store.database.importCoverage([row, later, row])

        #expect(summary == ImportSummary(added: 1, unchanged: 2))
        #expect(try store.database.coverage() == [row, later])
        #expect(try store.database.roster().activeCoverage(for: Fixture.drA, at: Fixture.start + 90_000) == later)
    }

    @Test("coverage naming a provider who is not on the roster is refused")
    func coverageNeedsRoster() throws {
        let store = try TestStore()
        let row = Coverage(providerNPI: Fixture.drA, coveringNPI: Fixture.npi("888888888"),
                           startsAt: Fixture.start, endsAt: Fixture.start + 86_400)

        #expect(throws: StoreError.self) { try store.database.importCoverage([row]) }
        #expect(try store.database.coverage().isEmpty)
    }
}
