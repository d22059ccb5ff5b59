import Foundation
import CareQueueCore
import TestSupport
@testable import CareQueueSimulator

/// A roster, an instant and a shared 5,000-message run for the simulator tests.
enum SimulationFixtures {
    static let orderingRoster = [
        Provider(npi: TestNPI.a, name: "Patel, Anika", role: .physician),
        Provider(npi: TestNPI.b, name: "Lee, Jordan", role: .np, supervisorNPI: TestNPI.a),
        Provider(npi: TestNPI.c, name: "Dr Rivera", role: .physician),
        Provider(npi: TestNPI.d, name: "Okoye, Chinwe", role: .pa, supervisorNPI: TestNPI.c),
    ]
    /// People who never order tests.
    static let staff = [
        Provider(npi: TestNPI.e, name: "Brooks, Sam", role: .coordinator),
        Provider(npi: TestNPI.f, name: "Ward, Kim", role: .chargeNurse),
    ]
    static let roster = orderingRoster + staff

    static let start = Date(timeIntervalSince1970: 1_772_352_000)  // 2026-03-01T08:00:00Z
    static let utc = TimeZone(identifier: "UTC")!

    static func simulator(seed: UInt64, roster: [Provider] = roster,
                          timeZone: TimeZone = utc) -> ResultSimulator {
        ResultSimulator(roster: roster, seed: seed, timeZone: timeZone)
    }

    /// `count` messages, one every 7 seconds from `start`.
    static func run(seed: UInt64, count: Int, roster: [Provider] = roster) -> [SimulatedMessage] {
        var simulator = simulator(seed: seed, roster: roster)
        return (0..<count).map { simulator.next(at: start.addingTimeInterval(Double($0) * 7)) }
    }

    /// One long run shared by the statistical tests (built once, on first use).
    static let corpus: [SimulatedMessage] = run(seed: 20_260_301, count: 5_000)
    static var corpusOrders: [SimulatedOrder] { corpus.flatMap(\.orders) }
}

/// A minimal reader of the simulator's output for tests: segments, fields, components, unescaping.
/// Deliberately independent of the HL7 module.
struct RawSegment: Sendable {
    let id: String
    /// Fields numbered as in HL7: `field(5)` of an OBX is OBX-5 (MSH-1 is the separator).
    let fields: [String]

    init(_ text: String) {
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        id = parts[0]
        fields = parts[0] == "MSH" ? ["MSH", "|"] + parts.dropFirst() : parts
    }

    /// The number of the last field present.
    var lastField: Int { fields.count - 1 }

    /// Field `number` encoded as sent ("" when absent).
    func field(_ number: Int) -> String { number < fields.count ? fields[number] : "" }

    /// Component `component` (1-based) of field `number`, unescaped.
    func component(_ number: Int, _ component: Int) -> String {
        let parts = field(number).split(separator: "^", omittingEmptySubsequences: false)
        return component <= parts.count ? RawSegment.unescape(String(parts[component - 1])) : ""
    }

    /// Field `number` as one text value, unescaped.
    func text(_ number: Int) -> String { RawSegment.unescape(field(number)) }

    static func segments(of message: SimulatedMessage) -> [RawSegment] {
        let text = String(decoding: message.bytes, as: UTF8.self)
        return text.split(separator: "\r").map { RawSegment(String($0)) }
    }

    /// One left-to-right pass over the delimiter escapes (the only ones the simulator writes, plus hex).
    static func unescape(_ text: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let slash = rest.firstIndex(of: "\\") {
            result += rest[..<slash]
            let afterSlash = rest.index(after: slash)
            guard let close = rest[afterSlash...].firstIndex(of: "\\") else { break }
            let name = rest[afterSlash..<close]
            switch name {
            case "F": result += "|"
            case "S": result += "^"
            case "T": result += "&"
            case "R": result += "~"
            case "E": result += "\\"
            case "X0D": result += "\r"
            case "X0A": result += "\n"
            default: result += rest[slash...close]
            }
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
