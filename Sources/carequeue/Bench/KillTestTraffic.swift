import CareQueueCore
import CareQueueSimulator
import Foundation
import HL7

/// The order a task is kept for: the sender and the filler number (else the placer number) with OBR-4.
struct OrderIdentity: Hashable, Sendable, CustomStringConvertible {
    var sender: SenderID
    var fillerNumber: String?
    var placerNumber: String?
    var serviceCode: String

    init(sender: SenderID, fillerNumber: String?, placerNumber: String?, serviceCode: String) {
        self.sender = sender
        self.fillerNumber = fillerNumber
        self.placerNumber = placerNumber
        self.serviceCode = serviceCode
    }

    init(sender: SenderID, order: OrderResult) {
        self.init(sender: sender, fillerNumber: order.fillerNumber, placerNumber: order.placerNumber,
                  serviceCode: order.serviceCode)
    }

    /// Order numbers are synthetic (the simulator's), so they may be printed.
    var description: String { "\(fillerNumber ?? placerNumber ?? "-")/\(serviceCode)" }
}

/// One message a kill-loop sender delivers, with what the store should make of it.
struct OutgoingMessage: Sendable {
    /// Which sender sends it and its place in that sender's stream (0, 1, 2…).
    var senderIndex: Int
    var sequence: Int
    var controlID: String
    /// MSH-3/MSH-4 as the store keys them.
    var sender: SenderID
    /// The orders it reports, as the store identifies them; empty for a message to be refused.
    var orders: [OrderIdentity]
    /// True when it reports a later result of an order the stream reported before (preliminary → final).
    var updatesAnOrder: Bool
    /// False for a message made unusable on purpose: the listener must answer AE and list it for review.
    var expectsAcceptance: Bool
    var bytes: [UInt8]
}

/// What one simulated interface engine sends: the simulator's realistic ORU^R01 stream (several OBX,
/// sometimes two orders in one message, preliminary reports followed by their final report under the
/// same filler number), with a few messages stripped of the patient's MRN so they must be refused.
struct KillTestTraffic: Sendable {
    /// Share of messages sent without an MRN (AE, review list).
    static let refusedShare = 0.03

    let senderIndex: Int
    private var simulator: ResultSimulator
    private var random: SplitMix64
    private var sequence = 0
    private var reported: Set<OrderIdentity> = []

    /// The stream of sender `senderIndex` in a run seeded with `seed`; orders name `roster` providers.
    init(senderIndex: Int, seed: UInt64, roster: [Provider]) {
        self.senderIndex = senderIndex
        let streamSeed = seed &+ UInt64(senderIndex + 1) &* 0x9E37_79B9_7F4A_7C15
        simulator = ResultSimulator(roster: roster, seed: streamSeed)
        random = SplitMix64(seed: streamSeed ^ 0xAE)
    }

    /// The next message, stamped now.
    mutating func next() -> OutgoingMessage {
        let simulated = simulator.next(at: Date())
        let refused = random.fraction() < Self.refusedShare
        let bytes = refused ? Self.withoutMRN(simulated.bytes) : simulated.bytes
        defer { sequence += 1 }
        // The listener's own extraction says how the store will key the message and its orders.
        guard let parsed = try? HL7Message(parsing: bytes),
              case .success(let content) = ResultExtraction.extract(parsed) else {
            return OutgoingMessage(senderIndex: senderIndex, sequence: sequence, controlID: simulated.controlID,
                                   sender: simulated.sender, orders: [], updatesAnOrder: false,
                                   expectsAcceptance: false, bytes: bytes)
        }
        let orders = content.patientResults.flatMap(\.orders).map { OrderIdentity(sender: content.sender, order: $0) }
        let updates = orders.contains { reported.contains($0) }
        reported.formUnion(orders)
        return OutgoingMessage(senderIndex: senderIndex, sequence: sequence, controlID: content.controlID,
                               sender: content.sender, orders: orders, updatesAnOrder: updates,
                               expectsAcceptance: true, bytes: bytes)
    }

    /// The message with PID-3 (the patient identifier list) emptied: parsed but unusable, AE + ERR 101.
    static func withoutMRN(_ bytes: [UInt8]) -> [UInt8] {
        let segments = String(decoding: bytes, as: UTF8.self).split(separator: "\r", omittingEmptySubsequences: false)
        let rewritten = segments.map { segment -> String in
            guard segment.hasPrefix("PID|") else { return String(segment) }
            var fields = segment.split(separator: "|", omittingEmptySubsequences: false)
            if fields.count > 3 { fields[3] = "" }
            return fields.joined(separator: "|")
        }
        return Array(rewritten.joined(separator: "\r").utf8)
    }
}
