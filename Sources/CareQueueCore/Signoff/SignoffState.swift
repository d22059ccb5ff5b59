import Foundation

/// A provider's sign-off of a result: the provider said they reviewed it (and, in the note, what
/// should happen), so a coordinator may now tell the patient.
public struct Signoff: Sendable, Equatable {
    /// The roster name of the provider who signed.
    public var providerName: String
    public var npi: String
    public var at: Date
    /// Optional: what the provider wants done ("call, repeat in 1 week"); empty when none.
    public var note: String

    public init(providerName: String, npi: String, at: Date, note: String) {
        self.providerName = providerName
        self.npi = npi
        self.at = at
        self.note = note
    }
}

/// Where a task stands with provider sign-off, as the lifecycle rules and every screen see it.
public struct SignoffState: Sendable, Equatable {
    /// The site's rule gates this task (`SignoffRule.isRequired`).
    public var required: Bool
    /// The provider whose sign-off it waits for, by name ("Dr A"); see `SignoffRule.awaitedProvider`.
    public var awaited: String
    /// The result's ordering provider: one of those who may sign.
    public var orderingNPI: String?
    public var signed: Signoff?

    public init(required: Bool, awaited: String, orderingNPI: String?, signed: Signoff?) {
        self.required = required
        self.awaited = awaited
        self.orderingNPI = orderingNPI
        self.signed = signed
    }

    /// A task the gate does not apply to, and nobody signed.
    public static let notRequired = SignoffState(required: false, awaited: "", orderingNPI: nil, signed: nil)

    /// True while patient contact is held for a sign-off.
    public var isWaiting: Bool { required && signed == nil }

    /// The row's marker: `✎ unsigned` while waiting, `✓ signed` once signed; nil when the gate
    /// does not apply and nobody signed.
    public var marker: String? {
        if signed != nil { return "✓ signed" }
        return required ? "✎ unsigned" : nil
    }
}
