import Foundation

/// Outcomes of a failed call attempt (`tasks attempt --outcome`).
public enum AttemptOutcome: String, Sendable, Codable, CaseIterable {
    case noAnswer = "no-answer"
    case leftMessage = "left-message"
    case wrongNumber = "wrong-number"
}

/// Outcomes that close a task (`tasks close --outcome`). `cancelledByLab` and `resultReceived`
/// are set by ingestion only.
public enum CloseOutcome: String, Sendable, Codable, CaseIterable {
    case reached
    case portalMessage = "portal-message"
    case notNeeded = "not-needed"
    case cancelledByLab = "cancelled-by-lab"
    // A missing result's outcomes.
    case labContacted = "lab-contacted"
    case recollected
    case patientDidNotGo = "patient-did-not-go"
    case cancelled
    /// The result arrived after all, and closed its missing-result task.
    case resultReceived = "result-received"

    /// Outcomes a coordinator may choose for a result.
    public static let chosenByPeople: [CloseOutcome] = [.reached, .portalMessage, .notNeeded]
    /// Outcomes a coordinator may choose for a missing result.
    public static let chosenForMissingResults: [CloseOutcome] = [.labContacted, .recollected, .patientDidNotGo, .cancelled]

    /// What a coordinator may close a task of `kind` with.
    public static func choices(for kind: TaskKind) -> [CloseOutcome] {
        kind == .missingResult ? chosenForMissingResults : chosenByPeople
    }

    /// Set by the feed, never by people.
    public var isSetByFeed: Bool { self == .cancelledByLab || self == .resultReceived }
}

/// What a coordinator does to a task.
public enum TaskAction: Sendable, Equatable {
    case acknowledge
    /// A failed call; `callbackAt` is when to call back (nil: no callback), replacing any earlier one.
    case attempt(AttemptOutcome, note: String, callbackAt: Date? = nil)
    case close(CloseOutcome, note: String)
    case reassign(toNPI: String, note: String)
    /// A provider reviewed the result (`SignoffRule`); signed as the process's account, never a label.
    case signOff(note: String)

    /// The audit action name.
    public var name: String {
        switch self {
        case .acknowledge: return "ack"
        case .attempt: return "attempt"
        case .close: return "close"
        case .reassign: return "reassign"
        case .signOff: return SignoffRule.auditAction
        }
    }
}

/// The parts of a task the lifecycle rules look at.
public struct LifecycleState: Sendable, Equatable {
    public var status: TaskStatus
    public var assignedNPI: String?
    public var failedAttempts: Int
    /// Who acted last in a way that matters for a refusal message (the closer, or the acknowledger).
    public var lastActor: String?
    public var lastActedAt: Date?
    /// The provider sign-off gate on patient contact.
    public var signoff: SignoffState
    /// The provider the assigned one covers for: they, too, may sign off.
    public var coveringForNPI: String?
    /// A result, or a missing one (which closes with its own outcomes).
    public var kind: TaskKind

    public init(status: TaskStatus, assignedNPI: String?, failedAttempts: Int = 0,
                lastActor: String? = nil, lastActedAt: Date? = nil, signoff: SignoffState = .notRequired,
                coveringForNPI: String? = nil, kind: TaskKind = .result) {
        self.kind = kind
        self.status = status
        self.assignedNPI = assignedNPI
        self.failedAttempts = failedAttempts
        self.lastActor = lastActor
        self.lastActedAt = lastActedAt
        self.signoff = signoff
        self.coveringForNPI = coveringForNPI
    }

    /// Two failed attempts suggest a portal message instead of a third call.
    public var suggestsPortalMessage: Bool { status != .closed && failedAttempts >= 2 }
}

/// Why an action was refused; `description` is the one line the user sees.
public struct LifecycleRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The allowed transitions of DESIGN.md's task lifecycle, as a pure function.
public enum Lifecycle {
    /// The state after `action`, or the reason it is refused. `account` is the process's
    /// operating-system account: only it decides who signs off (`SignoffRule.signer`).
    public static func apply(_ action: TaskAction, to state: LifecycleState, by user: String, at now: Date,
                             roster: Roster, account: String? = nil) -> Result<LifecycleState, LifecycleRefusal> {
        if state.status == .closed {
            return .failure(LifecycleRefusal("task is already closed" + byAt(state)))
        }
        if let refusal = SignoffRule.refusal(of: action, state.signoff) { return .failure(refusal) }
        var next = state
        switch action {
        case .acknowledge:
            guard state.status == .open else {
                return .failure(LifecycleRefusal("task is already acknowledged" + byAt(state)))
            }
            next.status = .acknowledged
        case .attempt:
            next.status = .acknowledged
            next.failedAttempts += 1
        case .close(let outcome, let note):
            let choices = CloseOutcome.choices(for: state.kind)
            guard choices.contains(outcome) else {
                if outcome.isSetByFeed {
                    return .failure(LifecycleRefusal("outcome \(outcome.rawValue) is set by the lab feed, not by people"))
                }
                let what = state.kind == .missingResult ? "a missing result" : "a result"
                return .failure(LifecycleRefusal("\(outcome.rawValue) does not close \(what); use "
                    + choices.map(\.rawValue).joined(separator: ", ")))
            }
            guard !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return .failure(LifecycleRefusal(outcome == .notNeeded
                    ? "closing as not-needed needs a note saying why"
                    : "closing needs a note documenting the follow-up"))
            }
            next.status = .closed
        case .reassign(let npi, let note):
            guard let target = roster.providers[npi] else {
                return .failure(LifecycleRefusal("NPI \(npi) is not on the roster"))
            }
            guard target.active else {
                return .failure(LifecycleRefusal("\(target.name) (NPI \(npi)) is retired from the roster"))
            }
            guard target.role.ordersTests else {
                return .failure(LifecycleRefusal("\(target.name) is a \(target.role.rawValue) and has no result queue"))
            }
            guard npi != state.assignedNPI else {
                return .failure(LifecycleRefusal("task is already in \(target.name)'s queue"))
            }
            guard !note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return .failure(LifecycleRefusal("reassigning needs a note for the receiving provider"))
            }
            next.assignedNPI = npi
        case .signOff(let note):
            if let signed = state.signoff.signed {
                return .failure(LifecycleRefusal(
                    "already signed off by \(signed.providerName) at \(Timestamp.iso(signed.at)); nothing to do"))
            }
            switch SignoffRule.signer(account: account, orderingNPI: state.signoff.orderingNPI,
                                      assignedNPI: state.assignedNPI, coveringForNPI: state.coveringForNPI,
                                      roster: roster) {
            case .failure(let refusal): return .failure(refusal)
            case .success(let provider):
                next.signoff.signed = Signoff(providerName: provider.name, npi: provider.npi, at: now,
                                              note: note.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            // A review is not a coordinator's action on the task: who acted last stays as it was.
            return .success(next)
        }
        if action != .acknowledge || state.status == .open {
            next.lastActor = user
            next.lastActedAt = now
        }
        return .success(next)
    }

    private static func byAt(_ state: LifecycleState) -> String {
        guard let actor = state.lastActor, let at = state.lastActedAt else { return "" }
        return " by \(actor) at \(Timestamp.iso(at))"
    }
}
