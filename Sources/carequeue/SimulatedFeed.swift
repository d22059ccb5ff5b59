import CareQueueCore
import CareQueueSimulator
import Foundation
import HL7
import MLLP
import NIOCore

/// A live feed of simulated ORU^R01 over real MLLP, paced to a rate (`simulate`, and `demo`'s feed).
struct SimulatedFeed: Sendable {
    var host: String
    var port: Int
    var rate: Double
    var count: Int?
    var roster: [Provider]
    var seed: UInt64

    /// Sends until `count` messages went out (or forever); calls `report` with each control id and ACK code.
    func run(report: @Sendable (String, String) -> Void) async throws {
        var simulator = ResultSimulator(roster: roster, seed: seed)
        let client = MLLPClient(host: host, port: port)
        let interval = Duration.nanoseconds(Int64(1_000_000_000 / rate))
        var next = ContinuousClock.now
        var sent = 0
        while count.map({ sent < $0 }) ?? true {
            try Task.checkCancellation()
            let message = simulator.next(at: Date())
            let reply = try await client.send(message.bytes, timeout: .seconds(30))
            report(message.controlID, SendCommand.ackCode(reply, expecting: message.controlID))
            sent += 1
            next += interval
            if next > .now { try await Task.sleep(until: next, clock: .continuous) } else { next = .now }
        }
        await client.close()
    }
}
