import Foundation

/// What CareQueue tracks from one order message (ORM^O01, OML^O21) or referral (REF^I12–I14): the
/// patient and, per order, what was asked for, by whom, and whether it is new, changed or cancelled.
public struct OrderMessage: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// A test or study awaiting its result.
        case order
        /// A referral awaiting its consult note.
        case referral
    }

    public var kind: Kind
    public var sender: SenderID
    /// MSH-10 exactly as sent.
    public var controlID: String
    /// MSH-12, e.g. "2.5.1".
    public var version: String
    /// "ORM^O01", "OML^O21", "REF^I12" …: what the message was.
    public var type: String
    public var patient: Patient
    public var items: [OrderItem]

    public init(kind: Kind, sender: SenderID, controlID: String, version: String, type: String, patient: Patient,
                items: [OrderItem]) {
        self.kind = kind
        self.sender = sender
        self.controlID = controlID
        self.version = version
        self.type = type
        self.patient = patient
        self.items = items
    }
}

/// One order (an ORC and its OBR) or one referral (RF1 and its providers).
public struct OrderItem: Sendable, Equatable {
    /// What the message does to it.
    public enum Action: String, Sendable, Equatable {
        /// ORC-1 `NW`, REF^I12: track it from now.
        case create
        /// ORC-1 `XO`, REF^I13: the same order, changed.
        case change
        /// ORC-1 `CA`, `OC`, `DC`, REF^I14: no result is coming.
        case cancel
    }

    public var action: Action
    /// ORC-1 as sent, or the REF trigger event.
    public var control: String
    /// ORC-2 (else OBR-2) entity identifier; for a referral, its id (RF1-6, else RF1-11).
    public var placerNumber: String
    /// ORC-3 (else OBR-3), when the filler already numbered it.
    public var fillerNumber: String?
    /// OBR-4 identifier and text; for a referral, the reason's code and text.
    public var serviceCode: String
    public var serviceText: String
    /// ORC-12 (else OBR-16); for a referral, the referring provider (PRD role `RP`).
    public var orderingProvider: ProviderReference?
    /// For a referral, the provider referred to (PRD role `RT` or `CP`): "Dr Ng (NPI 1234567893)".
    public var referredTo: String?
    /// TQ1-9, else OBR-27.6 / ORC-7.6, as sent (`S` is stat); nil when absent.
    public var priority: String?
    /// ORC-9 (else OBR-6; for a referral RF1-7) as an instant; nil when absent or not a time.
    public var orderedAt: Date?

    public init(action: Action, control: String, placerNumber: String, fillerNumber: String? = nil,
                serviceCode: String, serviceText: String, orderingProvider: ProviderReference? = nil,
                referredTo: String? = nil, priority: String? = nil, orderedAt: Date? = nil) {
        self.action = action
        self.control = control
        self.placerNumber = placerNumber
        self.fillerNumber = fillerNumber
        self.serviceCode = serviceCode
        self.serviceText = serviceText
        self.orderingProvider = orderingProvider
        self.referredTo = referredTo
        self.priority = priority
        self.orderedAt = orderedAt
    }

    /// Priority `S` (stat) in TQ1-9, OBR-27 or ORC-7.
    public var isStat: Bool { priority?.uppercased() == "S" }
}
