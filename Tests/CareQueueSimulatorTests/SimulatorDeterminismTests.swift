import Foundation
import Testing
import CareQueueCore
import TestSupport
@testable import CareQueueSimulator

@Suite("Simulator: determinism and time")
struct SimulatorDeterminismTests {
    @Test("the same seed gives the same bytes and summaries")
    func sameSeed() {
        let first = SimulationFixtures.run(seed: 99, count: 300)
        let second = SimulationFixtures.run(seed: 99, count: 300)
        #expect(first == second)
    }

    @Test("another seed gives other messages and other control ids")
    func otherSeed() {
        let first = SimulationFixtures.run(seed: 1, count: 300)
        let second = SimulationFixtures.run(seed: 2, count: 300)
        #expect(first.map(\.bytes) != second.map(\.bytes))
        #expect(Set(first.map(\.controlID)).isDisjoint(with: second.map(\.controlID)))
        let fillers = { (run: [SimulatedMessage]) in Set(run.flatMap(\.orders).compactMap(\.result.fillerNumber)) }
        #expect(fillers(first).isDisjoint(with: fillers(second)), "separate runs must not update each other's orders")
    }

    struct Stamp: Sendable {
        var instant: Date
        var zone: String
    }

    @Test("MSH-7 is the injected instant in the simulator's time zone", arguments: [
        Named("UTC", Stamp(instant: SimulationFixtures.start, zone: "UTC"), "20260301080000+0000"),
        Named("New York in winter", Stamp(instant: SimulationFixtures.start, zone: "America/New_York"), "20260301030000-0500"),
        Named("New York in summer", Stamp(instant: Date(timeIntervalSince1970: 1_783_000_000), zone: "America/New_York"),
              "20260702094640-0400"),
        Named("half-hour offset", Stamp(instant: SimulationFixtures.start, zone: "Asia/Kolkata"), "20260301133000+0530"),
        Named("fraction of a second is dropped", Stamp(instant: SimulationFixtures.start.addingTimeInterval(0.9), zone: "UTC"),
              "20260301080000+0000"),
    ])
    func messageTime(_ test: Named<Stamp, String>) throws {
        let zone = try #require(TimeZone(identifier: test.input.zone))
        var simulator = SimulationFixtures.simulator(seed: 5, timeZone: zone)
        let message = simulator.next(at: test.input.instant)
        #expect(RawSegment.segments(of: message)[0].field(7) == test.expected)
    }

    @Test("results are collected before they are reported")
    func collectionBeforeReport() {
        for message in SimulationFixtures.run(seed: 3, count: 200) {
            let segments = RawSegment.segments(of: message)
            let reported = segments[0].field(7)
            for obr in segments where obr.id == "OBR" {
                #expect(obr.field(7) < reported, "OBR-7 collection precedes MSH-7")
                #expect(obr.field(22) == reported, "OBR-22 is the report time")
            }
        }
    }
}
