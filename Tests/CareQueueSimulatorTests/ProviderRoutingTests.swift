import Testing
@testable import CareQueueCore
import TestSupport
@testable import CareQueueSimulator

@Suite("Simulator: ordering providers")
struct ProviderRoutingTests {
    static let orders = SimulationFixtures.corpusOrders
    static let newOrders = orders.filter { !$0.isFollowUp }
    static let roster = Roster(providers: SimulationFixtures.roster)

    @Test("orders name the roster's physicians, NPs and PAs, never coordinators or charge nurses")
    func rosterProviders() {
        let ordering = Set(SimulationFixtures.orderingRoster.map(\.npi))
        let named = Set(Self.orders.compactMap(\.rosterNPI))
        #expect(named == ordering)
    }

    @Test("CareQueue's router sends each order where the simulator meant it to go")
    func routing() {
        for order in Self.orders {
            let decision = Router.route(order.result.orderingProvider, roster: Self.roster, at: SimulationFixtures.start)
            #expect(decision.assignedNPI == order.rosterNPI, "\(decision.explanation)")
        }
    }

    @Test("about 3 % of new orders are for the Unassigned queue, by an unknown NPI or by none")
    func unassignedShare() {
        let unassigned = Self.newOrders.filter { $0.rosterNPI == nil }
        let share = Double(unassigned.count) / Double(Self.newOrders.count)
        #expect((0.01...0.06).contains(share), "share \(share)")
        let outsiders = unassigned.compactMap(\.result.orderingProvider)
        #expect(!outsiders.isEmpty)
        for reference in outsiders {
            #expect(NPI.isValid(reference.id), "an outside NPI is well-formed, just not on the roster")
            #expect(Self.roster.providers[reference.id] == nil)
        }
        #expect(unassigned.contains { $0.result.orderingProvider == nil })
    }

    @Test("the provider is mostly in OBR-16 with XCN.13 NPI, sometimes only in ORC-12")
    func placement() {
        let references = Self.orders.compactMap(\.result.orderingProvider)
        let fromORC = references.filter { $0.source == .orc12 }.count
        let share = Double(fromORC) / Double(references.count)
        #expect((0.05...0.30).contains(share), "ORC-12 share \(share)")
        #expect(references.allSatisfy { $0.idType == "NPI" && $0.isNPI })
    }

    @Test("the usual provider of a patient orders most of their tests")
    func continuity() {
        var byPatient: [String: [String]] = [:]
        for message in SimulationFixtures.corpus {
            byPatient[message.patient.mrn, default: []] += message.orders.compactMap(\.rosterNPI)
        }
        for (_, npis) in byPatient where npis.count >= 30 {
            let top = Dictionary(grouping: npis, by: { $0 }).values.map(\.count).max() ?? 0
            #expect(Double(top) / Double(npis.count) > 0.5)
        }
    }

    @Test("a roster with no one who orders tests still gives messages, all for the Unassigned queue")
    func noOrderers() {
        let messages = SimulationFixtures.run(seed: 8, count: 200, roster: SimulationFixtures.staff)
        #expect(messages.count == 200)
        #expect(messages.flatMap(\.orders).allSatisfy { $0.rosterNPI == nil })
    }

    @Test("roster names split into XCN family and given", arguments: [
        Named("Family, Given", "Patel, Anika", ["Patel", "Anika"]),
        Named("Given Family", "Anika Patel", ["Patel", "Anika"]),
        Named("title and degree dropped", "Dr Anika Patel MD", ["Patel", "Anika"]),
        Named("title only", "Dr Rivera", ["Rivera", ""]),
        Named("degree after a family name", "Lee NP", ["Lee", ""]),
        Named("UTF-8 names", "Núñez, José", ["Núñez", "José"]),
        Named("one word", "Okoye", ["Okoye", ""]),
    ])
    func nameParts(_ test: Named<String, [String]>) {
        let parts = ProviderPicker.nameParts(test.input)
        #expect([parts.family, parts.given] == test.expected)
    }
}
