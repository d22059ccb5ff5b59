import Foundation
import HL7

/// HL7 table 0357 error codes CareQueue sends in ERR-3 (the protocol layer's own enum).
public typealias HL7ErrorCode = HL7AckErrorCode

/// Why a message was refused, with where in the message (ERR-2 ERL, e.g. "PID^1^3").
public struct Refusal: Sendable, Equatable, Error {
    /// AE (parsed but unusable) or AR (not for us / not HL7).
    public enum Kind: String, Sendable, Codable { case error = "AE", reject = "AR" }

    public var kind: Kind
    public var code: HL7ErrorCode
    /// Human-readable reason, no patient data (it goes to logs and ERR-8).
    public var reason: String
    /// ERR-2 location `SEG^seq^field^rep^comp^sub`, "" when not tied to a field.
    public var location: String

    public init(kind: Kind, code: HL7ErrorCode, reason: String, location: String = "") {
        self.kind = kind
        self.code = code
        self.reason = reason
        self.location = location
    }
}

extension Refusal {
    /// AE 205 for a known sender and control id carrying different content; `original` names the
    /// message first stored under them ("message 12").
    public static func controlIDReused(original: String) -> Refusal {
        Refusal(kind: .error, code: .duplicateKeyIdentifier,
                reason: "control id reused with different content: \(original) was stored under this sender and "
                    + "control id (resend the original unchanged, or give this message a new control id; "
                    + "[listener] reused_control_id = \"accept\" stores such messages as new)",
                location: "MSH^1^10")
    }
}

/// One framed message handed from the listener to the store writer.
public struct IngestItem: Sendable {
    /// The frame payload exactly as received.
    public var raw: [UInt8]
    /// Peer address, for the review list ("10.0.0.5:51234").
    public var peer: String
    public var sender: SenderID?
    public var controlID: String?
    public var receivedAt: Date
    public var content: Content
    /// What the parser had to guess about the character set ("MSH-18 declares UTF-8 but …"), kept
    /// with the message and its tasks; nil when the bytes decoded as declared. No PHI.
    public var charsetWarning: String?

    public enum Content: Sendable {
        /// A usable ORU^R01: store it, route it, make tasks.
        case result(ResultMessage)
        /// A usable ORM^O01, OML^O21 or REF^I12–I14: store it, track its orders until their results come.
        case order(OrderMessage)
        /// A usable MDM^T02 (or T06/T08/T10): a consult note; it closes the referral it names.
        case consultNote(ConsultNote)
        /// Refused before the store (AE/AR): store raw for the review list, no task.
        case refused(Refusal)
    }

    /// What an accepted message is stored under (sender, MSH-10, MSH-12); nil for a refusal.
    public struct AcceptedIdentity: Sendable, Equatable {
        public var sender: SenderID
        public var controlID: String
        public var version: String
    }

    public init(raw: [UInt8], peer: String, sender: SenderID?, controlID: String?, receivedAt: Date, content: Content,
                charsetWarning: String? = nil) {
        self.raw = raw
        self.peer = peer
        self.sender = sender
        self.controlID = controlID
        self.receivedAt = receivedAt
        self.content = content
        self.charsetWarning = charsetWarning
    }
}

/// What the store did with an `IngestItem`; the listener turns it into the ACK.
public enum IngestOutcome: Sendable, Equatable {
    /// Stored durably as message `messageID`; its tasks are derived from the stored message after
    /// the commit (log-first ingest: the ACK promises the message is kept, not that its tasks exist yet).
    case accepted(messageID: Int64)
    /// The same message (same sender and control id, same content but for MSH-7 and segment
    /// terminators) is already stored: ACK AA again, nothing new.
    case duplicate
    /// Committed durably to the review list; ACK with this refusal.
    case refused(Refusal)
}

extension IngestItem.Content {
    /// The identity the store keeps an accepted message under; nil when refused.
    public var acceptedIdentity: IngestItem.AcceptedIdentity? {
        switch self {
        case .result(let message):
            return .init(sender: message.sender, controlID: message.controlID, version: message.version)
        case .order(let message):
            return .init(sender: message.sender, controlID: message.controlID, version: message.version)
        case .consultNote(let note):
            return .init(sender: note.sender, controlID: note.controlID, version: note.version)
        case .refused:
            return nil
        }
    }
}
