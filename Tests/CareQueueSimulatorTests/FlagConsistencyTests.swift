import Foundation
import Testing
@testable import CareQueueCore
import TestSupport
@testable import CareQueueSimulator

@Suite("Simulator: flags agree with values and ranges")
struct FlagConsistencyTests {
    static let observations = SimulationFixtures.corpusOrders.flatMap(\.result.observations)

    /// Which side of the reference range `value` is on, from the range text alone.
    static func side(of value: Double, range: String) -> Int? {
        if range.hasPrefix("<"), let high = Double(range.dropFirst()) { return value < high ? 0 : 1 }
        if range.hasPrefix(">"), let low = Double(range.dropFirst()) { return value > low ? 0 : -1 }
        let bounds = range.split(separator: "-").compactMap { Double($0) }
        guard bounds.count == 2 else { return nil }
        return value < bounds[0] ? -1 : value > bounds[1] ? 1 : 0
    }

    @Test("every numeric flag matches its value, range and panic limits")
    func numericFlags() throws {
        let numeric = Self.observations.filter { $0.valueType == "NM" }
        #expect(numeric.count > 10_000)
        for obs in numeric {
            let value = try #require(Double(obs.value), "\(obs.code) value \(obs.value)")
            let side = try #require(Self.side(of: value, range: obs.range), "\(obs.code) range \(obs.range)")
            let analyte = try #require(NumericPanels.analyte(code: obs.code))
            let flag = obs.flags.first ?? ""
            switch side {
            case 0:
                #expect(flag == "" || flag == "N", "\(obs.code) \(obs.value) in \(obs.range) flagged \(flag)")
            case 1:
                let panic = analyte.criticalHigh.map { value >= $0 } ?? false
                #expect(flag == (panic ? "HH" : "H"), "\(obs.code) \(obs.value) above \(obs.range) flagged \(flag)")
            default:
                let panic = analyte.criticalLow.map { value <= $0 } ?? false
                #expect(flag == (panic ? "LL" : "L"), "\(obs.code) \(obs.value) below \(obs.range) flagged \(flag)")
            }
            #expect(obs.units == analyte.units && obs.range == analyte.range)
        }
    }

    @Test("coded results: negatives carry no abnormal flag, positives and organisms do")
    func codedFlags() {
        let coded = Self.observations.filter { $0.valueType == "CWE" || $0.valueType == "ST" }
        #expect(!coded.isEmpty)
        for obs in coded {
            let flag = obs.flags.first ?? ""
            switch obs.value {
            case "Negative", "NEG", "No growth":
                #expect(flag == "" || flag == "N", "\(obs.code) \(obs.value) flagged \(flag)")
            default:
                #expect(flag == "A" || flag == "AA", "\(obs.code) \(obs.value) flagged \(flag)")
            }
        }
    }

    @Test("text reports flag only their first impression line")
    func reportFlags() {
        let report = Self.observations.filter { $0.valueType == "TX" }
        #expect(!report.isEmpty)
        for obs in report where !obs.flags.isEmpty {
            #expect(obs.code == "19005-8")
            #expect(obs.flags == ["A"] || obs.flags == ["AA"] || obs.flags == ["N"])
        }
    }

    @Test("potassium flags at the edges of range and panic limits", arguments: [
        Named("2.8 is a panic low", 28, "LL"),
        Named("2.9 is low", 29, "L"),
        Named("3.4 is low", 34, "L"),
        Named("3.5 is the lowest normal", 35, "N"),
        Named("5.1 is the highest normal", 51, "N"),
        Named("5.2 is high", 52, "H"),
        Named("6.1 is still only high", 61, "H"),
        Named("6.2 is a panic high", 62, "HH"),
    ])
    func potassiumEdges(_ test: Named<Int, String>) {
        #expect(NumericPanels.potassium.flag(steps: test.input, normalFlag: "N") == test.expected)
    }

    @Test("values are written with the analyte's precision", arguments: [
        Named("troponin 0.03", Pair(NumericPanels.troponin, 3), "0.03"),
        Named("sodium 140", Pair(NumericPanels.sodium, 140), "140"),
        Named("specific gravity 1.005", Pair(NumericPanels.urineSpecificGravity, 1_005), "1.005"),
        Named("creatinine 1.10 keeps its zero", Pair(NumericPanels.creatinine, 110), "1.10"),
    ])
    func formatting(_ test: Named<Pair, String>) {
        #expect(test.input.analyte.formatted(steps: test.input.steps) == test.expected)
    }

    struct Pair: Sendable {
        var analyte: SimulatedAnalyte
        var steps: Int
        init(_ analyte: SimulatedAnalyte, _ steps: Int) {
            self.analyte = analyte
            self.steps = steps
        }
    }

    @Test("a value drawn for a zone is flagged for that zone, for every analyte", arguments: NumericPanels.analytes.map(\.code))
    func zoneDraws(_ code: String) throws {
        let analyte = try #require(NumericPanels.analyte(code: code))
        let flags: [(ValueZone, Set<String>)] = [
            (.normal, ["N"]), (.abnormalLow, ["L"]), (.abnormalHigh, ["H"]), (.criticalLow, ["LL"]), (.criticalHigh, ["HH"]),
        ]
        var random = SplitMix64(seed: 21)
        var zonesPresent = 0
        for (zone, expected) in flags where analyte.bounds(of: zone) != nil {
            zonesPresent += 1
            for _ in 0..<200 {
                let steps = analyte.draw(in: zone, using: &random)
                #expect(expected.contains(analyte.flag(steps: steps, normalFlag: "N")), "\(code) \(zone) drew \(steps)")
            }
        }
        #expect(zonesPresent >= 2, "every analyte can be normal and off in some direction")
    }
}
