import CareQueueCore
import CareQueueSimulator
import Foundation
import HL7
import MLLP
import NIOCore

/// A live feed of simulated ORU^R01 over real MLLP, paced to a rate (`simulate`, and `demo`'s feed);
/// with `orders`, the orders and referrals they answer as well.
public struct SimulatedFeed: Sendable {
    public var host: String
    public var port: Int
    public var rate: Double
    public var count: Int?
    public var roster: [Provider]
    public var seed: UInt64
    public var orders: OrderFlow?

    public init(host: String, port: Int, rate: Double, count: Int?, roster: [Provider], seed: UInt64,
                orders: OrderFlow? = nil) {
        self.host = host
        self.port = port
        self.rate = rate
        self.count = count
        self.roster = roster
        self.seed = seed
        self.orders = orders
    }

    /// Sends until `count` messages went out (or forever); calls `report` with each control id and ACK code.
    public func run(report: @Sendable (String, String) -> Void) async throws {
        var simulator = ResultSimulator(roster: roster, seed: seed, orders: orders)
        let client = MLLPClient(host: host, port: port)
        let interval = Duration.nanoseconds(Int64(1_000_000_000 / rate))
        var next = ContinuousClock.now
        var sent = 0
        while count.map({ sent < $0 }) ?? true {
            try Task.checkCancellation()
            let message = simulator.next(at: Date())
            let reply = try await client.send(message.bytes, timeout: .seconds(30))
            report(message.controlID, OutgoingMessages.ackCode(reply, expecting: message.controlID))
            sent += 1
            next += interval
            if next > .now { try await Task.sleep(until: next, clock: .continuous) } else { next = .now }
        }
        await client.close()
    }
}
