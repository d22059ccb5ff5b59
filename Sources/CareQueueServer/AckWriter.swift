import CareQueueCore
import Foundation
import HL7

/// Turns the store's answer into the ACK bytes (or nil when enhanced mode says not to answer).
public struct AckComposer: Sendable {
    public var builder: HL7AckBuilder

    public init(builder: HL7AckBuilder = HL7AckBuilder()) {
        self.builder = builder
    }

    /// The ACK for `inbound` given what the store did; nil when MSH-15 asks for no ACK in this case.
    public func ack(for inbound: HL7Message?, result: Result<IngestOutcome, StoreFailure>, at now: Date) -> [UInt8]? {
        let outcome = Self.outcome(result)
        guard let inbound else {
            let error = outcome.error ?? HL7AckError(code: .unsupportedMessageType, message: "not an HL7 v2 message")
            return builder.rejectionOfNonHL7(error: error, at: now)
        }
        guard inbound.ackPolicy.shouldSend(for: outcome) else { return nil }
        return builder.acknowledgment(for: inbound, outcome: outcome, at: now)
    }

    static func outcome(_ result: Result<IngestOutcome, StoreFailure>) -> HL7AckOutcome {
        switch result {
        case .success(.accepted), .success(.duplicate):
            return .accepted
        case .success(.refused(let refusal)):
            let error = HL7AckError(code: refusal.code, location: HL7ErrorLocation(erl: refusal.location), message: refusal.reason)
            return refusal.kind == .error ? .error(error) : .rejected(error)
        case .failure(let failure):
            // Nothing was stored: the sender must resend later, unchanged (AR/CR + 207).
            return .rejected(HL7AckError(code: .applicationInternalError, message: "message not stored: \(failure.description)"))
        }
    }
}

extension HL7AckOutcome {
    var error: HL7AckError? {
        switch self {
        case .accepted: return nil
        case .error(let error), .rejected(let error): return error
        }
    }
}
