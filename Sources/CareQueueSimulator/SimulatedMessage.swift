import CareQueueCore

/// One generated message and what it says, so tests and the demo can check what CareQueue makes of it.
public struct SimulatedMessage: Sendable, Equatable {
    /// What the message is.
    public enum Kind: String, Sendable, Equatable {
        /// ORU^R01.
        case result
        /// ORM^O01 or OML^O21 with ORC-1 `NW`.
        case order
        /// REF^I12.
        case referral
    }

    /// The message: UTF-8, segments ended by `\r`, no MLLP framing (ORU^R01 is HL7 v2.5.1).
    public var bytes: [UInt8]
    /// MSH-10.
    public var controlID: String
    /// MSH-3 and MSH-4 as written.
    public var sender: SenderID
    public var patient: Patient
    /// A result's orders, one entry per OBR, in message order; empty for an order or referral.
    public var orders: [SimulatedOrder]
    public var kind: Kind = .result
    /// What an order or referral message places, in message order; empty for a result.
    public var placed: [SimulatedPlacement] = []

    /// A result message as CareQueue's extraction should read it (escapes decoded, coded values as text).
    public var content: ResultMessage {
        ResultMessage(sender: sender, controlID: controlID, version: "2.5.1",
                      patientResults: [PatientResult(patient: patient, orders: orders.map(\.result))])
    }
}

/// One order in a simulated message, with the outcome it was generated to have.
public struct SimulatedOrder: Sendable, Equatable {
    /// The order as written: OBR-2/3/4, the provider, OBR-25, priority, observations, notes.
    public var result: OrderResult
    /// The tier DESIGN.md's rules give it with the default `[tiers]` configuration.
    public var urgency: Urgency
    /// The roster provider the order names; nil for the deliberate share with an NPI not on the
    /// roster or no provider at all (the Unassigned queue).
    public var rosterNPI: String?
    /// True for the final report of an order first sent preliminary (same filler number).
    public var isFollowUp: Bool
}

/// One order or referral an order message places, and whether its result is to come.
public struct SimulatedPlacement: Sendable, Equatable {
    public var kind: OrderMessage.Kind
    /// ORC-2 / OBR-2 entity identifier; a referral's RF1-6.
    public var placerNumber: String
    /// OBR-4 (a referral's RF1-10) identifier and text.
    public var serviceCode: String
    public var serviceText: String
    /// `S` (stat) or `R`.
    public var priority: String
    /// The roster provider who ordered or referred; nil for an outside NPI or none.
    public var rosterNPI: String?
    /// False for the orders whose result the simulator never sends (and for referrals: no consult
    /// note is simulated).
    public var willBeAnswered: Bool

    public var isStat: Bool { priority == "S" }
}
