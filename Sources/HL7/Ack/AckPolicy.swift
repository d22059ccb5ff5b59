/// MSH-15 / MSH-16 values (table 0155): when the sender wants an acknowledgment.
public enum HL7AckCondition: String, Sendable {
    case always = "AL", never = "NE", onErrorOnly = "ER", onSuccessOnly = "SU"
}

/// What happened to a message, independent of the acknowledgment mode.
public enum HL7AckOutcome: Sendable, Equatable {
    /// Committed: AA (original) or CA (enhanced).
    case accepted
    /// Parsed but unusable, fix before resending: AE or CE, with its ERR.
    case error(HL7AckError)
    /// Not for us or the receiver could not take it, resend later unchanged: AR or CR, with its ERR.
    case rejected(HL7AckError)

    var error: HL7AckError? {
        switch self {
        case .accepted: return nil
        case .error(let error), .rejected(let error): return error
        }
    }
}

/// Which acknowledgment a message asks for, from MSH-15 and MSH-16.
///
/// Both empty → original mode: AA/AE/AR, always sent. Either present → enhanced mode: the accept
/// (commit) acknowledgment CA/CE/CR is sent as MSH-15 asks. CareQueue never sends enhanced-mode
/// application acknowledgments (MSH-16): the commit ACK after the durable write is the only answer.
///
/// Empty MSH-15 with MSH-16 present — and an MSH-15 value outside table 0155 — count as `AL`: an
/// MLLP sender blocks until it hears back, and no application ACK will follow, so staying silent
/// would stall its queue.
public struct HL7AckPolicy: Sendable, Equatable {
    public enum Mode: Sendable, Equatable { case original, enhanced }

    public var mode: Mode
    /// When the commit ACK is sent (enhanced mode); `always` in original mode.
    public var acceptCondition: HL7AckCondition
    /// MSH-16 as sent (informational: application ACKs are not sent).
    public var applicationCondition: HL7AckCondition?

    /// The policy MSH-15 and MSH-16 of `header` ask for.
    public init(_ header: MSHSegment) {
        let accept = header.acceptAcknowledgmentType.uppercased()
        let application = header.applicationAcknowledgmentType.uppercased()
        if accept.isEmpty, application.isEmpty {
            mode = .original
            acceptCondition = .always
            applicationCondition = nil
        } else {
            mode = .enhanced
            acceptCondition = HL7AckCondition(rawValue: accept) ?? .always
            applicationCondition = HL7AckCondition(rawValue: application)
        }
    }

    /// The MSA-1 code for an outcome in this mode.
    public func code(for outcome: HL7AckOutcome) -> HL7AckCode {
        switch (mode, outcome) {
        case (.original, .accepted): return .applicationAccept
        case (.original, .error): return .applicationError
        case (.original, .rejected): return .applicationReject
        case (.enhanced, .accepted): return .commitAccept
        case (.enhanced, .error): return .commitError
        case (.enhanced, .rejected): return .commitReject
        }
    }

    /// Whether to send the acknowledgment for an outcome at all.
    public func shouldSend(for outcome: HL7AckOutcome) -> Bool {
        switch acceptCondition {
        case .always: return true
        case .never: return false
        case .onErrorOnly: return outcome != .accepted
        case .onSuccessOnly: return outcome == .accepted
        }
    }
}

extension HL7Message {
    /// The acknowledgment this message asks for (MSH-15/16).
    public var ackPolicy: HL7AckPolicy { HL7AckPolicy(header) }
}
