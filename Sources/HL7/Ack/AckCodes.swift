/// MSA-1 acknowledgment codes (table 0008).
public enum HL7AckCode: String, Sendable, CaseIterable {
    /// Original mode: application accept, error, reject.
    case applicationAccept = "AA", applicationError = "AE", applicationReject = "AR"
    /// Enhanced mode: commit accept, error, reject.
    case commitAccept = "CA", commitError = "CE", commitReject = "CR"

    /// True for AA and CA.
    public var isAccept: Bool { self == .applicationAccept || self == .commitAccept }
}

/// HL7 table 0357 message error condition codes, sent in ERR-3 (ERR-1.4 before v2.5).
public enum HL7AckErrorCode: Int, Sendable, CaseIterable {
    case messageAccepted = 0
    case segmentSequenceError = 100
    case requiredFieldMissing = 101
    case dataTypeError = 102
    case tableValueNotFound = 103
    case valueTooLong = 104
    case unsupportedMessageType = 200
    case unsupportedEventCode = 201
    case unsupportedProcessingID = 202
    case unsupportedVersionID = 203
    case unknownKeyIdentifier = 204
    case duplicateKeyIdentifier = 205
    case applicationRecordLocked = 206
    case applicationInternalError = 207

    /// The table's text for the code, written in ERR-3.2.
    public var text: String {
        switch self {
        case .messageAccepted: return "Message accepted"
        case .segmentSequenceError: return "Segment sequence error"
        case .requiredFieldMissing: return "Required field missing"
        case .dataTypeError: return "Data type error"
        case .tableValueNotFound: return "Table value not found"
        case .valueTooLong: return "Value too long"
        case .unsupportedMessageType: return "Unsupported message type"
        case .unsupportedEventCode: return "Unsupported event code"
        case .unsupportedProcessingID: return "Unsupported processing id"
        case .unsupportedVersionID: return "Unsupported version id"
        case .unknownKeyIdentifier: return "Unknown key identifier"
        case .duplicateKeyIdentifier: return "Duplicate key identifier"
        case .applicationRecordLocked: return "Application record locked"
        case .applicationInternalError: return "Application internal error"
        }
    }
}

/// ERR-4 severity (table 0516).
public enum HL7ErrorSeverity: String, Sendable {
    case error = "E", warning = "W", information = "I", fatal = "F"
}

/// ERL: where in the inbound message the error is (`PID^1^3` = PID, first occurrence, field 3).
public struct HL7ErrorLocation: Sendable, Equatable {
    /// ERL.1 segment id.
    public var segmentID: String
    /// ERL.2 which occurrence of the segment (1-based).
    public var sequence: Int?
    /// ERL.3 field number.
    public var field: Int?
    /// ERL.4 field repetition.
    public var repetition: Int?
    /// ERL.5 component number.
    public var component: Int?
    /// ERL.6 sub-component number.
    public var subcomponent: Int?

    public init(segmentID: String, sequence: Int? = 1, field: Int? = nil, repetition: Int? = nil,
                component: Int? = nil, subcomponent: Int? = nil) {
        self.segmentID = segmentID
        self.sequence = sequence
        self.field = field
        self.repetition = repetition
        self.component = component
        self.subcomponent = subcomponent
    }

    /// Reads `SEG^seq^field^rep^comp^sub` (with `^`); nil when empty or the segment id is missing.
    public init?(erl: String) {
        let parts = erl.split(separator: "^", omittingEmptySubsequences: false).map(String.init)
        guard let segment = parts.first, !segment.isEmpty else { return nil }
        func number(_ index: Int) -> Int? { index < parts.count ? Int(parts[index]) : nil }
        self.init(segmentID: segment, sequence: number(1), field: number(2), repetition: number(3),
                  component: number(4), subcomponent: number(5))
    }

    /// The parts as written, trailing empty ones dropped.
    var parts: [String] {
        var parts = [segmentID] + [sequence, field, repetition, component, subcomponent].map { $0.map(String.init) ?? "" }
        while parts.count > 1, parts.last == "" { parts.removeLast() }
        return parts
    }
}

/// One ERR segment's content.
public struct HL7AckError: Sendable, Equatable {
    public var code: HL7AckErrorCode
    /// Where the problem is; nil when it is not tied to a field (e.g. the store failed).
    public var location: HL7ErrorLocation?
    /// A human-readable reason, no patient data: ERR-8 in v2.5+, MSA-3 before (unless MSA-3 is given).
    public var message: String?
    public var severity: HL7ErrorSeverity

    public init(code: HL7AckErrorCode, location: HL7ErrorLocation? = nil, message: String? = nil,
                severity: HL7ErrorSeverity = .error) {
        self.code = code
        self.location = location
        self.message = message
        self.severity = severity
    }
}
