import Foundation
import Testing
import CareQueueCore
import TestSupport

@Suite("Routing around retired people, and the roster's active column")
struct RetiredRoutingTests {
    static let t0 = Date(timeIntervalSince1970: 1_772_352_000)
    static let patel = Provider(npi: TestNPI.a, name: "Dr Patel", role: .physician, active: false)
    static let lee = Provider(npi: TestNPI.b, name: "Lee NP", role: .np)
    static let reference = ProviderReference(id: TestNPI.a, idType: "NPI", isNPI: true, source: .orc12)

    static func coverage(by npi: String) -> Coverage {
        Coverage(providerNPI: TestNPI.a, coveringNPI: npi, startsAt: t0 - 60, endsAt: t0 + 3600)
    }

    @Test("a retired provider's result goes to Unassigned, saying why")
    func retired() {
        let decision = Router.route(Self.reference, roster: Roster(providers: [Self.patel, Self.lee]), at: Self.t0)
        #expect(decision == RoutingDecision(assignedNPI: nil, orderingNPI: TestNPI.a, coveringForNPI: nil,
                                            explanation: "Unassigned: NPI \(TestNPI.a) in ORC-12 (Dr Patel) is retired from the roster"))
    }

    @Test("a retired provider's result goes to whoever covers them")
    func retiredButCovered() {
        let roster = Roster(providers: [Self.patel, Self.lee], coverage: [Self.coverage(by: TestNPI.b)])
        let decision = Router.route(Self.reference, roster: roster, at: Self.t0)
        #expect(decision.assignedNPI == TestNPI.b)
        #expect(decision.coveringForNPI == TestNPI.a)
    }

    @Test("coverage by a retired provider is ignored, saying so")
    func retiredCovering() {
        var patel = Self.patel
        patel.active = true
        var lee = Self.lee
        lee.active = false
        let roster = Roster(providers: [patel, lee], coverage: [Self.coverage(by: TestNPI.b)])
        let decision = Router.route(Self.reference, roster: roster, at: Self.t0)
        #expect(decision.assignedNPI == TestNPI.a)
        #expect(decision.explanation == "Dr Patel, matched NPI in ORC-12 (coverage by NPI \(TestNPI.b) ignored: retired)")
    }

    @Test("a retired coordinator is sent no escalations")
    func retiredCoordinator() {
        let gone = Provider(npi: TestNPI.c, name: "Gone", role: .coordinator, active: false)
        let here = Provider(npi: TestNPI.d, name: "Here", role: .coordinator)
        #expect(Roster(providers: [gone, here]).people(withRole: .coordinator).map(\.npi) == [TestNPI.d])
    }

    @Test("the active column: true, false, yes, no, 1, 0 or empty; anything else names its line")
    func activeColumn() throws {
        let text = """
            npi,name,role,supervisor_npi,active
            \(TestNPI.a),A,physician,,false
            \(TestNPI.b),B,np,,
            \(TestNPI.c),C,pa,,No
            \(TestNPI.d),D,physician,,1

            """
        let contents = try RosterImport.contents(text: text, file: "r.csv")
        #expect(contents.namesActive)
        #expect(contents.providers.map(\.active) == [false, true, false, true])
        #expect(try !RosterImport.contents(text: "npi,name,role,supervisor_npi\n\(TestNPI.a),A,physician,\n", file: "r.csv").namesActive)
        #expect(throws: FileLineErrors.self) {
            try RosterImport.parse(text: "npi,name,role,supervisor_npi,active\n\(TestNPI.a),A,physician,,gone\n", file: "r.csv")
        }
    }
}
