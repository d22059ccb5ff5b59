import CareQueueCore
import Foundation

/// One row of `tasks list --json`, field for field as DESIGN.md's command-line contract names them.
public struct TaskListItem: Sendable, Equatable, Encodable {
    /// One current observation in `observations`.
    public struct ObservationItem: Sendable, Equatable, Encodable {
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

    enum CodingKeys: String, CodingKey {
        case id, status, urgency, mrn, patient, orderingNPI = "ordering_npi", assignedNPI = "assigned_npi"
        case unassigned, test, observations, resultStatus = "result_status", receivedAt = "received_at"
        case dueAt = "due_at", escalationLevel = "escalation_level", attempts, controlID = "control_id"
        case urgencyReason = "urgency_reason", dob, phone, coveringForNPI = "covering_for_npi", routing
        case reopened, retractionReview = "retraction_review"
        case testCode = "test_code", placerNumber = "placer_number", fillerNumber = "filler_number"
        case charsetWarning = "charset_warning"
    }

    // Written by hand so absent values are `null` (not missing) and instants are ISO 8601 `Z` text
    // whatever date strategy the encoder has.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(status, forKey: .status)
        try container.encode(urgency, forKey: .urgency)
        try container.encode(mrn, forKey: .mrn)
        try container.encode(patient, forKey: .patient)
        try container.encode(orderingNPI, forKey: .orderingNPI)
        try container.encode(assignedNPI, forKey: .assignedNPI)
        try container.encode(unassigned, forKey: .unassigned)
        try container.encode(test, forKey: .test)
        try container.encode(observations, forKey: .observations)
        try container.encode(resultStatus, forKey: .resultStatus)
        try container.encode(StoreTime.text(receivedAt), forKey: .receivedAt)
        try container.encode(dueAt.map(StoreTime.text), forKey: .dueAt)
        try container.encode(escalationLevel, forKey: .escalationLevel)
        try container.encode(attempts, forKey: .attempts)
        try container.encode(controlID, forKey: .controlID)
        try container.encode(urgencyReason, forKey: .urgencyReason)
        try container.encode(dob, forKey: .dob)
        try container.encode(phone, forKey: .phone)
        try container.encode(coveringForNPI, forKey: .coveringForNPI)
        try container.encode(routing, forKey: .routing)
        try container.encode(reopened, forKey: .reopened)
        try container.encode(retractionReview, forKey: .retractionReview)
        try container.encode(testCode, forKey: .testCode)
        try container.encode(placerNumber, forKey: .placerNumber)
        try container.encode(fillerNumber, forKey: .fillerNumber)
        try container.encode(charsetWarning, forKey: .charsetWarning)
    }
}

/// The encoder for the CLI's `--json` output: sorted keys, ISO 8601 `Z` dates with whole seconds.
public enum StoreJSON {
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
                                          : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(StoreTime.text(date))
        }
        return encoder
    }
}

/// PID-7 shown as a date.
enum BirthDate {
    /// `YYYY-MM-DD` when `sent` starts with a valid YYYYMMDD, else `sent` unchanged.
    static func display(_ sent: String) -> String {
        let digits = Array(sent.utf8.prefix(8))
        guard digits.count == 8, digits.allSatisfy({ (48...57).contains($0) }) else { return sent }
        let value = { (range: Range<Int>) in digits[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        let (year, month, day) = (value(0..<4), value(4..<6), value(6..<8))
        var parts = DateComponents(calendar: Calendar(identifier: .gregorian), year: year, month: month, day: day)
        parts.timeZone = TimeZone(identifier: "UTC")
        guard (1...12).contains(month), (1...31).contains(day), parts.isValidDate else { return sent }
        // The rest may only be a time, fraction and offset; anything else means this is not a DTM.
        let rest = sent.utf8.dropFirst(8)
        guard rest.allSatisfy({ (48...57).contains($0) || $0 == 46 || $0 == 43 || $0 == 45 }) else { return sent }
        let text = String(decoding: digits, as: UTF8.self)
        return "\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.suffix(2))"
    }
}
