import CareQueueCore
import Foundation

/// A write besides the four actions: undo the user's latest action, re-open, or add a note.
public struct RevisionRequest: Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        case undo
        case reopen(note: String)
        case note(String)
        /// How the patient wants to be reached, for all their tasks.
        case contactPreference(ContactPreference)
    }

    public var taskID: Int64
    public var kind: Kind
    /// What the message line calls it ("acknowledge of Müller, Anna · Potassium").
    public var label: String

    public init(taskID: Int64, kind: Kind, label: String) {
        self.taskID = taskID
        self.kind = kind
        self.label = label
    }

    /// The note the user typed for it, if any: offered back when it is refused.
    var typedNote: String? {
        switch kind {
        case .undo, .note, .contactPreference: return nil
        case .reopen(let note): return note
        }
    }
}

/// What `u` can undo now: the last action that succeeded, until `until`.
public struct UndoOffer: Equatable, Sendable {
    public var taskIDs: [Int64]
    /// "acknowledge of Müller, Anna · Potassium", "close of 3 tasks".
    public var what: String
    public var until: Date
    /// From a bulk close: later answers of the same bulk close join it.
    var isBulk: Bool

    /// Whole seconds left, rounded up (0 once it lapsed).
    func secondsLeft(at now: Date) -> Int { max(0, Int(until.timeIntervalSince(now).rounded(.up))) }

    /// "u: undo acknowledge of Müller, Anna · Potassium (8 s)" while it lasts; nil after.
    public func hint(at now: Date) -> String? {
        let left = secondsLeft(at: now)
        return left > 0 ? "u: undo \(what) (\(left) s)" : nil
    }
}

/// A note typed for an action the store refused (someone else acted first), kept until the user
/// adds it to the task's history or discards it.
public struct NoteOffer: Equatable, Sendable {
    public var taskID: Int64
    /// "Müller, Anna · Potassium".
    public var label: String
    public var note: String
    /// The refusal, as the store put it ("task is already closed by kim at …").
    public var reason: String

    public init(taskID: Int64, label: String, note: String, reason: String) {
        self.taskID = taskID
        self.label = label
        self.note = note
        self.reason = reason
    }
}

/// Undo's bookkeeping in the dashboard state.
public struct UndoState: Equatable, Sendable {
    /// Labels of the actions sent and not yet answered, by task.
    var sent: [Int64: String] = [:]
    /// The bulk close on its way: its answers make one undo.
    var bulk: Set<Int64> = []
    /// What `u` undoes.
    public var offer: UndoOffer?

    public init() {}
}

extension TaskAction {
    /// The verb the undo offer uses ("undo acknowledge of …").
    var undoVerb: String {
        switch self {
        case .acknowledge: return "acknowledge"
        case .attempt: return "attempt"
        case .close: return "close"
        case .reassign: return "reassign"
        case .signOff: return "sign-off"
        }
    }

    /// The note the user typed for it, if any: offered back when it is refused.
    var typedNote: String? {
        switch self {
        case .acknowledge: return nil
        case .attempt(_, let note, _), .close(_, let note), .reassign(_, let note), .signOff(let note):
            return note.isEmpty ? nil : note
        }
    }
}
