import CareQueueSimulator
import Foundation
import Testing
@testable import carequeue

@Suite("Parse benchmark harness")
struct BenchmarkTests {
    @Test("Counts messages, bytes and failures; the checksum is stable")
    func counts() {
        var simulator = ResultSimulator(roster: [], seed: 1, timeZone: TimeZone(identifier: "UTC")!)
        let good = simulator.next(at: Date(timeIntervalSince1970: 1_772_352_000)).bytes
        let bad = Array("not HL7".utf8)
        let first = HL7Benchmark.run(corpus: [good, good, bad], iterations: 3)
        #expect(first.messages == 9)
        #expect(first.bytes == 3 * (2 * good.count + bad.count))
        #expect(first.failures == 3)
        #expect(first.seconds >= 0)
        #expect(first.checksum != 0)
        let second = HL7Benchmark.run(corpus: [good, good, bad], iterations: 3)
        #expect(second.checksum == first.checksum)
        let none = HL7Benchmark.run(corpus: [good], iterations: 0)
        #expect(none.messages == 0)
        #expect(none.microsecondsPerMessage == 0)
    }
}
