import Foundation
import Testing
import CareQueueCore
import TestSupport

@Suite("Routing")
struct RoutingTests {
    static let patel = Provider(npi: TestNPI.a, name: "Dr Patel", role: .physician)
    static let lee = Provider(npi: TestNPI.b, name: "Lee NP", role: .np, supervisorNPI: TestNPI.a)
    static let rivera = Provider(npi: TestNPI.c, name: "Dr Rivera", role: .physician)
    /// On no roster: valid NPIs.
    static let stranger = TestNPI.d
    static let departed = TestNPI.e

    static let t0 = Date(timeIntervalSince1970: 1_772_352_000) // 2026-03-01T08:00:00Z
    static let hour: TimeInterval = 3600

    static func cover(_ provider: String, by covering: String, from start: TimeInterval, to end: TimeInterval) -> Coverage {
        Coverage(providerNPI: provider, coveringNPI: covering, startsAt: t0 + start * hour, endsAt: t0 + end * hour)
    }

    static func roster(_ coverage: [Coverage] = []) -> Roster {
        Roster(providers: [patel, lee, rivera], coverage: coverage)
    }

    struct Expected: Sendable, Equatable {
        var assigned: String?
        var ordering: String?
        var coveringFor: String?
        var explanation: String
    }

    static func decision(_ expected: Expected) -> RoutingDecision {
        RoutingDecision(assignedNPI: expected.assigned, orderingNPI: expected.ordering,
                        coveringForNPI: expected.coveringFor, explanation: expected.explanation)
    }

    @Test("who the message names", arguments: [
        Named("NPI by XCN.13 in OBR-16",
              ProviderReference(id: TestNPI.a, idType: "NPI", family: "Patel", isNPI: true, source: .obr16),
              Expected(assigned: TestNPI.a, ordering: TestNPI.a, explanation: "Dr Patel, matched NPI in OBR-16")),
        Named("NPI in ORC-12 when OBR-16 is empty",
              ProviderReference(id: TestNPI.a, idType: "NPI", isNPI: true, source: .orc12),
              Expected(assigned: TestNPI.a, ordering: TestNPI.a, explanation: "Dr Patel, matched NPI in ORC-12")),
        Named("bare ten digits passing the check digit",
              ProviderReference(id: TestNPI.c, isNPI: true, source: .obr16),
              Expected(assigned: TestNPI.c, ordering: TestNPI.c, explanation: "Dr Rivera, matched NPI in OBR-16")),
        Named("valid NPI digits the extractor did not flag",
              ProviderReference(id: TestNPI.c, idType: "EI", isNPI: false, source: .obr16),
              Expected(assigned: TestNPI.c, ordering: TestNPI.c, explanation: "Dr Rivera, matched NPI in OBR-16")),
        Named("XCN.13 NPI with a bad check digit",
              ProviderReference(id: TestNPI.badCheck, idType: "NPI", isNPI: true, source: .obr16),
              Expected(explanation: "Unassigned: provider id 1234567890 in OBR-16 fails the NPI check digit")),
        Named("lower-case npi type with a bad check digit",
              ProviderReference(id: TestNPI.badCheck, idType: "npi", isNPI: false, source: .orc12),
              Expected(explanation: "Unassigned: provider id 1234567890 in ORC-12 fails the NPI check digit")),
        Named("ten digits failing the check digit, no type",
              ProviderReference(id: TestNPI.badCheck, isNPI: false, source: .obr16),
              Expected(explanation: "Unassigned: provider id 1234567890 in OBR-16 is not an NPI")),
        Named("local doctor number",
              ProviderReference(id: "2", idType: "EI", family: "Robinson", isNPI: false, source: .obr16),
              Expected(explanation: "Unassigned: provider id 2 in OBR-16 is not an NPI")),
        Named("valid NPI not on the roster keeps ordering_npi",
              ProviderReference(id: stranger, idType: "NPI", isNPI: true, source: .obr16),
              Expected(ordering: stranger, explanation: "Unassigned: NPI 9876543213 in OBR-16 is not on the roster")),
        Named("empty id",
              ProviderReference(id: "", idType: "NPI", family: "Patel", isNPI: false, source: .obr16),
              Expected(explanation: "Unassigned: no ordering provider in OBR-16 or ORC-12")),
    ])
    func reference(_ row: Named<ProviderReference, Expected>) {
        let decision = Router.route(row.input, roster: Self.roster(), at: Self.t0)
        #expect(decision == Self.decision(row.expected))
        #expect(decision.isUnassigned == (row.expected.assigned == nil))
    }

    @Test("no ordering provider at all goes to Unassigned")
    func noReference() {
        let decision = Router.route(nil, roster: Self.roster(), at: Self.t0)
        #expect(decision == RoutingDecision(assignedNPI: nil, orderingNPI: nil, coveringForNPI: nil,
                                            explanation: "Unassigned: no ordering provider in OBR-16 or ORC-12"))
        #expect(decision.isUnassigned)
    }

    static let patelRef = ProviderReference(id: TestNPI.a, idType: "NPI", isNPI: true, source: .obr16)
    static let coveredByLee = Expected(assigned: TestNPI.b, ordering: TestNPI.a, coveringFor: TestNPI.a,
                                       explanation: "Lee NP covering for Dr Patel, matched NPI in OBR-16")
    static let coveredByRivera = Expected(assigned: TestNPI.c, ordering: TestNPI.a, coveringFor: TestNPI.a,
                                          explanation: "Dr Rivera covering for Dr Patel, matched NPI in OBR-16")
    static let ownQueue = Expected(assigned: TestNPI.a, ordering: TestNPI.a, explanation: "Dr Patel, matched NPI in OBR-16")

    @Test("coverage", arguments: [
        Named("active at exactly startsAt", ([cover(TestNPI.a, by: TestNPI.b, from: 0, to: 12)], 0.0), coveredByLee),
        Named("active a second before endsAt", ([cover(TestNPI.a, by: TestNPI.b, from: 0, to: 12)], 12 - 1 / hour), coveredByLee),
        Named("inactive at exactly endsAt", ([cover(TestNPI.a, by: TestNPI.b, from: 0, to: 12)], 12.0), ownQueue),
        Named("inactive a second before startsAt", ([cover(TestNPI.a, by: TestNPI.b, from: 0, to: 12)], -1 / hour), ownQueue),
        Named("overlap: the earlier row alone", ([cover(TestNPI.a, by: TestNPI.b, from: 0, to: 10),
                                                  cover(TestNPI.a, by: TestNPI.c, from: 2, to: 4)], 1.0), coveredByLee),
        Named("overlap: the latest-starting row wins", ([cover(TestNPI.a, by: TestNPI.b, from: 0, to: 10),
                                                        cover(TestNPI.a, by: TestNPI.c, from: 2, to: 4)], 3.0), coveredByRivera),
        Named("overlap: back to the earlier row after the later ends", ([cover(TestNPI.a, by: TestNPI.b, from: 0, to: 10),
                                                                        cover(TestNPI.a, by: TestNPI.c, from: 2, to: 4)], 4.0), coveredByLee),
        Named("overlap listed latest first", ([cover(TestNPI.a, by: TestNPI.c, from: 2, to: 4),
                                              cover(TestNPI.a, by: TestNPI.b, from: 0, to: 10)], 3.0), coveredByRivera),
        Named("same start: the row added last wins", ([cover(TestNPI.a, by: TestNPI.b, from: 0, to: 10),
                                                      cover(TestNPI.a, by: TestNPI.c, from: 0, to: 10)], 1.0), coveredByRivera),
        Named("covering provider missing from the roster", ([cover(TestNPI.a, by: departed, from: 0, to: 10)], 1.0),
              Expected(assigned: TestNPI.a, ordering: TestNPI.a,
                       explanation: "Dr Patel, matched NPI in OBR-16 (coverage by NPI 1000000004 ignored: not on the roster)")),
        Named("missing covering provider falls back to an overlapping row", ([cover(TestNPI.a, by: TestNPI.b, from: 0, to: 10),
                                                                             cover(TestNPI.a, by: departed, from: 2, to: 4)], 3.0), coveredByLee),
        Named("coverage of someone else does not apply", ([cover(TestNPI.c, by: TestNPI.b, from: 0, to: 10)], 1.0), ownQueue),
        Named("coverage is not chained", ([cover(TestNPI.a, by: TestNPI.b, from: 0, to: 10),
                                          cover(TestNPI.b, by: TestNPI.c, from: 0, to: 10)], 1.0), coveredByLee),
    ])
    func coverage(_ row: Named<([Coverage], TimeInterval), Expected>) {
        let (rows, hours) = row.input
        let decision = Router.route(Self.patelRef, roster: Self.roster(rows), at: Self.t0 + hours * Self.hour)
        #expect(decision == Self.decision(row.expected))
    }

    @Test("coverage does not rescue an NPI that is not on the roster")
    func coverageForUnknownProvider() {
        let roster = Self.roster([Self.cover(Self.stranger, by: TestNPI.b, from: 0, to: 10)])
        let reference = ProviderReference(id: Self.stranger, idType: "NPI", isNPI: true, source: .orc12)
        let decision = Router.route(reference, roster: roster, at: Self.t0 + Self.hour)
        #expect(decision == RoutingDecision(assignedNPI: nil, orderingNPI: Self.stranger, coveringForNPI: nil,
                                            explanation: "Unassigned: NPI 9876543213 in ORC-12 is not on the roster"))
    }

    @Test("the roster keeps the last row for a repeated NPI and lists people by role")
    func rosterLookups() {
        let renamed = Provider(npi: TestNPI.a, name: "Dr A. Patel", role: .physician)
        let coordinator2 = Provider(npi: TestNPI.f, name: "Kim", role: .coordinator)
        let coordinator1 = Provider(npi: TestNPI.e, name: "Ash", role: .coordinator)
        let roster = Roster(providers: [Self.patel, coordinator2, renamed, coordinator1])
        #expect(roster.providers[TestNPI.a] == renamed)
        #expect(roster.people(withRole: .coordinator) == [coordinator1, coordinator2])
        #expect(roster.people(withRole: .chargeNurse) == [])
    }

    @Test("activeCoverages lists the rows in force, most recent first")
    func activeCoverages() {
        let early = Self.cover(TestNPI.a, by: TestNPI.b, from: 0, to: 10)
        let late = Self.cover(TestNPI.a, by: TestNPI.c, from: 2, to: 4)
        let ended = Self.cover(TestNPI.a, by: TestNPI.c, from: -5, to: 0)
        let roster = Self.roster([early, late, ended])
        #expect(roster.activeCoverages(for: TestNPI.a, at: Self.t0 + 3 * Self.hour) == [late, early])
        #expect(roster.activeCoverage(for: TestNPI.a, at: Self.t0 + 3 * Self.hour) == late)
        #expect(roster.activeCoverage(for: TestNPI.a, at: Self.t0 + 11 * Self.hour) == nil)
    }
}
