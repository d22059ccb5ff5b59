import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("Roster logins in the store")
struct RosterLoginStoreTests {
    private func withLogins(_ logins: [String?]) -> [Provider] {
        zip(Fixture.roster, logins).map { provider, login in
            var provider = provider
            provider.login = login
            return provider
        }
    }

    @Test("logins are stored; a file without the column keeps them; a changed login counts as an update")
    func stored() throws {
        let store = try TestStore(roster: [])
        #expect(try store.database.importRoster(withLogins(["adoc", nil, "cdoc", "coord"])) == ImportSummary(added: 4))
        let logins = Dictionary(uniqueKeysWithValues: try store.database.providers().compactMap { provider in
            provider.login.map { (provider.npi, $0) }
        })
        #expect(logins == [Fixture.drA: "adoc", Fixture.drC: "cdoc", Fixture.coordinator: "coord"])

        let summary = try store.database.importRoster(Fixture.roster, settingLogins: false)
        #expect(summary == ImportSummary(unchanged: 4))
        #expect(Set(try store.database.providers().compactMap(\.login)) == ["adoc", "cdoc", "coord"])

        let cleared = try store.database.importRoster(withLogins(["adoc", nil, nil, "coord"]))
        #expect(cleared == ImportSummary(updated: 1, unchanged: 3))
        #expect(Set(try store.database.providers().compactMap(\.login)) == ["adoc", "coord"])
    }

    @Test("a login may pass from one person to another in one import")
    func swapped() throws {
        let store = try TestStore(roster: [])
        try store.database.importRoster(withLogins(["one", "two", nil, nil]))

        try store.database.importRoster(withLogins(["two", "one", nil, nil]))

        let byNPI = Dictionary(uniqueKeysWithValues: try store.database.providers().map { ($0.npi, $0.login) })
        #expect(byNPI[Fixture.drA] == "two")
        #expect(byNPI[Fixture.drB] == "one")
    }

    @Test("two people can never hold one login, whatever writes the table")
    func unique() throws {
        let store = try TestStore(roster: [])
        try store.database.importRoster(withLogins(["kim", nil, nil, nil]))

        #expect(throws: StoreError.self) {
            try store.database.importRoster([Provider(npi: Fixture.drB, name: "Dr B", role: .np, login: "kim")])
        }
        let error = #expect(throws: DatabaseError.self) {
            try store.execute("UPDATE providers SET login = 'kim' WHERE npi = '\(Fixture.drC)'")
        }
        #expect(error?.resultCode == .SQLITE_CONSTRAINT)
    }
}

