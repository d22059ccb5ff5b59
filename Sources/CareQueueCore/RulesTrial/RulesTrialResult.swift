import Foundation

/// What `rules try` says ingest would do with one message. Text from the message is kept as
/// decoded; `RulesTrialText` and the JSON form escape and cap it before it is printed.
public struct TrialMessage: Sendable, Equatable {
    /// Where it came from: "FILE:N" (the N-th message in the file) or "message ID" (stored).
    public var label: String
    /// MSH-3 / MSH-4 as intake keeps them (control characters shown as `<0xNN>`); nil when not HL7.
    public var sender: String?
    /// MSH-10 as intake keeps it; nil when not HL7.
    public var controlID: String?
    /// MSH-9 as "ORU^R01"; nil when not HL7.
    public var type: String?
    /// A character set guess the parser had to make; nil when the bytes decoded as declared.
    public var charsetWarning: String?
    public var verdict: Verdict

    public enum Verdict: Sendable, Equatable {
        /// The ACK would be AE/AR with this refusal; the message would go to the review list.
        case refused(Refusal)
        /// A resend of `of` (a stored message, or one earlier in this trial): AA again, nothing new.
        case duplicate(of: String)
        /// AA: the tasks and orders it would make or change, in message order.
        case accepted([TrialOutcome])
    }

    public init(label: String, sender: String?, controlID: String?, type: String?, charsetWarning: String?, verdict: Verdict) {
        self.label = label
        self.sender = sender
        self.controlID = controlID
        self.type = type
        self.charsetWarning = charsetWarning
        self.verdict = verdict
    }

    /// The tasks it would make or update.
    public var tasks: [TrialTask] {
        guard case .accepted(let outcomes) = verdict else { return [] }
        return outcomes.compactMap { outcome -> TrialTask? in
            if case .task(let task) = outcome { return task }
            return nil
        }
    }

    /// The orders and referrals it would track, change or cancel.
    public var orders: [TrialOrder] {
        guard case .accepted(let outcomes) = verdict else { return [] }
        return outcomes.compactMap { outcome -> TrialOrder? in
            if case .order(let order) = outcome { return order }
            return nil
        }
    }
}

public enum TrialOutcome: Sendable, Equatable {
    case task(TrialTask)
    case order(TrialOrder)
}

/// One order's task as ingest would leave it after the message.
public struct TrialTask: Sendable, Equatable {
    /// Which task: a new one, or the one already made for this order.
    public enum Target: Sendable, Equatable {
        case new
        /// Stored task `id`.
        case stored(id: Int64)
        /// The task an earlier message of this trial made (its label).
        case earlier(String)
    }

    public var target: Target
    public var placerNumber: String?
    public var fillerNumber: String?
    public var testCode: String
    public var testText: String
    public var urgency: Urgency
    public var urgencyReason: String
    /// What the message's observations alone say, when a higher tier is kept (urgency never silently falls).
    public var lowerLabTier: TierDecision?
    public var routing: RoutingDecision
    /// The queue as `tasks list` names it: "Chen, Ada (NPI …)", "Unassigned".
    public var queue: String
    /// The task's window for its tier (`[windows]`).
    public var window: TimeInterval
    /// Due time of its clock; nil when it would be closed.
    public var dueAt: Date?
    /// Set when the message closes it (OBR-25 X, every observation deleted): the note.
    public var closedNote: String?
    public var retractionReview: Bool
    /// For a consult note: what it answers.
    public var consultNote: ConsultNoteTrial?

    public var isUnassigned: Bool { routing.isUnassigned }
}

/// A consult note's match: the referral (on file, or tracked earlier in the trial), or none.
public struct ConsultNoteTrial: Sendable, Equatable {
    /// The referral id it answers; nil when no referral it names is on file.
    public var referralID: String?
    /// The referral ids the note names (a result names one: its placer number).
    public var named: [String]
}

/// One order or referral as ingest would track it.
public struct TrialOrder: Sendable, Equatable {
    public var kind: OrderMessage.Kind
    public var action: OrderItem.Action
    /// ORC-1, or the REF trigger.
    public var control: String
    public var placerNumber: String
    public var testCode: String
    public var testText: String
    public var stat: Bool
    /// ORC-9 (else OBR-6, RF1-7), else the trial's time; nil for a cancel.
    public var orderedAt: Date?
    /// When the result (or consult note) is expected by; nil for a cancel.
    public var expectedBy: Date?
    public var window: TimeInterval?
    /// Which setting the window came from ("[turnaround] stat").
    public var windowRule: String?
}
