import CareQueueCore

/// One generated ORU^R01 and what it says, so tests and the demo can check what CareQueue makes of it.
public struct SimulatedMessage: Sendable, Equatable {
    /// The message: HL7 v2.5.1, UTF-8, segments ended by `\r`, no MLLP framing.
    public var bytes: [UInt8]
    /// MSH-10.
    public var controlID: String
    /// MSH-3 and MSH-4 as written.
    public var sender: SenderID
    public var patient: Patient
    /// One entry per OBR, in message order.
    public var orders: [SimulatedOrder]

    /// The message as CareQueue's extraction should read it (escapes decoded, coded values as text).
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
