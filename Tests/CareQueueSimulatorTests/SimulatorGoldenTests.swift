import Foundation
import Testing
import CareQueueCore
import TestSupport
@testable import CareQueueSimulator

/// Pins the simulator's exact bytes, so a change to how messages are encoded cannot alter them unnoticed.
///
/// The digests were recorded from the simulator's own encoder before it moved onto HL7's segment builder.
@Suite("Simulator: golden output")
struct SimulatorGoldenTests {
    struct Run: Sendable {
        var seed: UInt64
        var roster: [Provider]
        var zone: String
        var count: Int
    }

    /// Names with every delimiter, a line break and non-ASCII text, to pin escaping and MSH-18.
    static let hostileRoster = [
        Provider(npi: TestNPI.a, name: "O|Brien^Jr&Co~x\\y, Zoë\nAnn\rMay", role: .physician),
        Provider(npi: TestNPI.b, name: "Ngô Thị Lan", role: .np, supervisorNPI: TestNPI.a),
        Provider(npi: TestNPI.c, name: "Dr Smith-Jones MD", role: .pa, supervisorNPI: TestNPI.a),
    ]

    @Test("the same seed writes the recorded bytes", arguments: [
        Named("seed 1, UTC", Run(seed: 1, roster: SimulationFixtures.roster, zone: "UTC", count: 400), "e6531d0ad8c0e873"),
        Named("seed 20260301, Chicago", Run(seed: 20_260_301, roster: SimulationFixtures.roster, zone: "America/Chicago",
                                          count: 400), "9ce9e5ada1722ee5"),
        Named("hostile names, Kolkata", Run(seed: 77, roster: hostileRoster, zone: "Asia/Kolkata", count: 400), "e93d9faa9c986610"),
        Named("empty roster", Run(seed: 9, roster: [], zone: "UTC", count: 100), "1750cd58b17ef135"),
    ])
    func digest(_ test: Named<Run, String>) throws {
        let zone = try #require(TimeZone(identifier: test.input.zone))
        var simulator = ResultSimulator(roster: test.input.roster, seed: test.input.seed, timeZone: zone)
        var digest = FNV1a()
        for index in 0..<test.input.count {
            digest.add(simulator.next(at: SimulationFixtures.start.addingTimeInterval(Double(index) * 7)).bytes)
            digest.add([0x1C])
        }
        #expect(digest.hex == test.expected)
    }

    @Test("the hostile roster reaches every escape and the charset declaration")
    func hostileReachesEscapes() throws {
        var simulator = ResultSimulator(roster: Self.hostileRoster, seed: 77, timeZone: try #require(TimeZone(identifier: "UTC")))
        let text = (0..<100).map { _ in String(decoding: simulator.next(at: SimulationFixtures.start).bytes, as: UTF8.self) }
            .joined()
        for escape in [#"\F\"#, #"\S\"#, #"\T\"#, #"\R\"#, #"\E\"#, #"\X0A\"#, #"\X0D\"#, "Zoë", "UNICODE UTF-8"] {
            #expect(text.contains(escape), "\(escape)")
        }
    }

    @Test("the first message of seed 1, in full")
    func firstMessage() {
        var simulator = SimulationFixtures.simulator(seed: 1)
        let text = String(decoding: simulator.next(at: SimulationFixtures.start).bytes, as: UTF8.self)
        #expect(text.split(separator: "\r", omittingEmptySubsequences: false) == Self.firstOfSeedOne)
    }

    static let firstOfSeedOne: [Substring] = [
        #"MSH|^~\&|LIS^2.16.840.1.113883.19.4.7^ISO|EASTSIDE^2.16.840.1.113883.19.4.7.1^ISO|CAREQUEUE|CLINIC|20260301080000+0000||ORU^R01^ORU_R01|A1243966-000001|P|2.5.1"#,
        #"PID|1||EASTSIDE02036223^^^EASTSIDE^PI~02036223^^^CQEHR&2.16.840.1.113883.19.5&ISO^MR||Harris^Ingrid||19590801|F|||601 Lakeview Dr^^Springfield^IL^62701^USA^H||(555)555-0126^PRN^PH^^1^555^5550126"#,
        #"OBR|1|PA1243966000001^CQEHR|FA1243966000001^EASTSIDE|PTINR^Prothrombin time \T\ INR^L|||20260301051200+0000|||||||||9876543213^Okoye^Chinwe^^^^PA^^&2.16.840.1.113883.4.6&ISO^L^^^NPI||||||20260301080000+0000||HM|F||^^^^^S"#,
        #"OBX|1|NM|5902-2^Prothrombin time (PT)^LN||12.2|s|11.0-13.5||||F|||20260301051200+0000"#,
        #"OBX|2|NM|6301-6^INR^LN||1.0|{INR}|0.9-1.1||||F|||20260301051200+0000"#,
        "",
    ]
}
