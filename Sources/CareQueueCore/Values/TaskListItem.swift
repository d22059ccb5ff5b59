import Foundation

/// One task as every screen and command shows it (`tasks list --json` names its fields).
public struct TaskListItem: Sendable, Equatable {
    /// One current observation in `observations`.
    public struct ObservationItem: Sendable, Equatable {
        public var code: String
        public var text: String
        public var value: String
        public var units: String
        public var range: String
        public var flags: [String]
        public var status: String

        public init(code: String, text: String, value: String, units: String, range: String, flags: [String],
                    status: String) {
            self.code = code
            self.text = text
            self.value = value
            self.units = units
            self.range = range
            self.flags = flags
            self.status = status
        }
    }

    public var id: Int64
    public var status: TaskStatus
    public var urgency: Urgency
    public var mrn: String
    /// "Family, Given".
    public var patient: String
    public var orderingNPI: String?
    /// nil for the Unassigned queue.
    public var assignedNPI: String?
    /// OBR-4 text (the code when the lab sent no text).
    public var test: String
    public var observations: [ObservationItem]
    /// OBR-25 of the latest message.
    public var resultStatus: String
    /// First receipt of the order.
    public var receivedAt: Date
    /// Due time of the running clock; nil once it stopped.
    public var dueAt: Date?
    public var escalationLevel: Int
    public var attempts: Int
    /// MSH-10 of the latest message for the order.
    public var controlID: String
    public var urgencyReason: String
    /// `YYYY-MM-DD` when PID-7 parses, else as sent.
    public var dob: String?
    /// PID-13, first repetition, as sent.
    public var phone: String?
    public var coveringForNPI: String?
    /// The routing explanation ("Dr B covering for Dr A, matched NPI in OBR-16").
    public var routing: String
    public var reopened: Bool
    public var retractionReview: Bool
    /// The order's identity as the lab knows it: OBR-4 code, OBR-2 placer and OBR-3 filler numbers.
    public var testCode: String = ""
    public var placerNumber: String?
    public var fillerNumber: String?
    /// How a message for this task had to be decoded against its declaration ("MSH-18 declares
    /// UTF-8 but the bytes are not valid UTF-8; decoded as ISO 8859-1 (Latin-1)"); nil when none.
    public var charsetWarning: String?
    /// Index in `observations` of the one that set the tier, when the store knows it (rows shows its value).
    public var decidingObservation: Int?
    /// Who is working on it (a soft lock); nil when nobody claimed it. May have lapsed: ask `isActive(at:)`.
    public var claim: TaskClaim?
    /// When the coordinator means to call back (the latest failed call's choice); nil: none pending.
    public var callbackAt: Date?
    /// How the patient wants to be reached, when someone recorded it (on this task or another of theirs).
    public var contactPreference: ContactPreference?
    /// The provider sign-off gate: whether it applies, whose sign-off it waits for, who signed.
    public var signoff: SignoffState = .notRequired
    /// A result, or an order whose result never came (closed with its own outcomes).
    public var kind: TaskKind = .result

    public init(id: Int64, status: TaskStatus, urgency: Urgency, mrn: String, patient: String, orderingNPI: String?,
                assignedNPI: String?, test: String, observations: [ObservationItem], resultStatus: String,
                receivedAt: Date, dueAt: Date?, escalationLevel: Int, attempts: Int, controlID: String,
                urgencyReason: String, dob: String?, phone: String?, coveringForNPI: String?, routing: String,
                reopened: Bool, retractionReview: Bool) {
        self.id = id
        self.status = status
        self.urgency = urgency
        self.mrn = mrn
        self.patient = patient
        self.orderingNPI = orderingNPI
        self.assignedNPI = assignedNPI
        self.test = test
        self.observations = observations
        self.resultStatus = resultStatus
        self.receivedAt = receivedAt
        self.dueAt = dueAt
        self.escalationLevel = escalationLevel
        self.attempts = attempts
        self.controlID = controlID
        self.urgencyReason = urgencyReason
        self.dob = dob
        self.phone = phone
        self.coveringForNPI = coveringForNPI
        self.routing = routing
        self.reopened = reopened
        self.retractionReview = retractionReview
    }

    public var unassigned: Bool { assignedNPI == nil }
}
