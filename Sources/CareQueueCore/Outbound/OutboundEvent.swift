import Foundation
import HL7

/// One task event to write back to the EHR: what happened, who did it, and the result it concerns.
/// Plain values, filled by whoever records the event; the encoder turns it into HL7.
public struct OutboundEvent: Sendable, Equatable {
    /// `[outbound] events` names these.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        case close, attempt, signoff, reopen
    }

    /// The person who acted: the label the audit records, and their roster entry when they have one.
    public struct Actor: Sendable, Equatable {
        /// The audit's user label (the OS account, or `--user`).
        public var label: String
        /// Roster NPI and name of the person the label maps to, nil when it maps to no one.
        public var npi: String?
        public var name: String?

        public init(label: String, npi: String? = nil, name: String? = nil) {
            self.label = label
            self.npi = npi
            self.name = name
        }
    }

    /// The result the task is about, as stored from the original message.
    public struct Result: Sendable, Equatable {
        /// OBR-4 identifier and text.
        public var testCode: String
        public var testText: String
        /// The observation that decided the tier: its name (OBX-3 text), value, units and flags.
        public var observationText: String
        public var value: String
        public var units: String
        public var flags: [String]
        /// OBR-2 and OBR-3 entity identifiers (nil when the lab sent none).
        public var placerNumber: String?
        public var fillerNumber: String?
        /// OBR-25 (table 0123) as received.
        public var resultStatus: String

        public init(testCode: String, testText: String, observationText: String = "", value: String = "",
                    units: String = "", flags: [String] = [], placerNumber: String? = nil,
                    fillerNumber: String? = nil, resultStatus: String = "") {
            self.testCode = testCode
            self.testText = testText
            self.observationText = observationText
            self.value = value
            self.units = units
            self.flags = flags
            self.placerNumber = placerNumber
            self.fillerNumber = fillerNumber
            self.resultStatus = resultStatus
        }
    }

    public var kind: Kind
    public var taskID: Int64
    /// When the action happened (TXA-4, EVN-2, and part of the document number).
    public var at: Date
    public var actor: Actor
    /// The close or attempt outcome as the store holds it (`reached`, `no-answer`…); nil for sign-off and reopen.
    public var outcome: String?
    /// The note as typed; line breaks become separate OBX lines.
    public var note: String
    /// An attempt's callback time, when one was set.
    public var callbackAt: Date?
    public var result: Result

    public init(kind: Kind, taskID: Int64, at: Date, actor: Actor, outcome: String? = nil, note: String = "",
                callbackAt: Date? = nil, result: Result) {
        self.kind = kind
        self.taskID = taskID
        self.at = at
        self.actor = actor
        self.outcome = outcome
        self.note = note
        self.callbackAt = callbackAt
        self.result = result
    }

    /// TXA-12: the same for every encoding of this event (a retry, a re-encode after a restart), and
    /// different for any other event of any task: task, kind and instant to the second, in UTC.
    public var documentNumber: String {
        "\(taskID)-\(kind.rawValue)-\(HL7Timestamp.format(at, in: TimeZone(identifier: "UTC")!).prefix(14))"
    }
}
