import Testing
@testable import CareQueueCore
import TestSupport
@testable import CareQueueSimulator

@Suite("Simulator: synthetic patients")
struct SimulatedPatientTests {
    @Test("about sixty patients with distinct MRNs and fictional 555-01xx numbers")
    func pool() {
        let pool = SimulatedPatients.pool
        #expect(pool.count == 60)
        #expect(Set(pool.map(\.mrn)).count == pool.count)
        #expect(pool.allSatisfy { $0.phone.hasPrefix("(555)555-01") })
        #expect(pool.allSatisfy { $0.birthDate.count == 8 && $0.birthDate < "20060101" })
    }

    @Test("the pool does not depend on the seed")
    func stablePool() {
        let a = SimulationFixtures.run(seed: 1, count: 400).map(\.patient.mrn)
        let b = SimulationFixtures.run(seed: 2, count: 400).map(\.patient.mrn)
        #expect(Set(a).isSubset(of: SimulatedPatients.pool.map(\.mrn)))
        #expect(Set(b).isSubset(of: SimulatedPatients.pool.map(\.mrn)))
    }

    @Test("UTF-8 names reach the wire as UTF-8", arguments: [
        Named("German umlaut", "Müller", "Jürgen"),
        Named("Spanish accent", "García", "José"),
        Named("CJK", "患者", "太郎"),
    ])
    func utf8Names(_ test: Named<String, String>) throws {
        let message = try #require(SimulationFixtures.corpus.first { $0.patient.family == test.input })
        #expect(message.patient.given == test.expected)
        let pid = try #require(RawSegment.segments(of: message).first { $0.id == "PID" })
        #expect(pid.component(5, 1) == test.input)
        #expect(message.bytes.contains(where: { $0 >= 0x80 }))
    }
}
