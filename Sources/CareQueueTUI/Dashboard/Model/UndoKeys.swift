import CareQueueCore
import Foundation

/// `u` undoes the last action that succeeded, for `[ui] undo_window`; the message line says what.
/// Answers to actions become the offer; a refused action's typed note is offered back.
enum UndoKeys {
    static func binding() -> KeyBinding {
        KeyBinding(keys: [.character("u")], help: KeyHelp("u", "undo the last action (while the message line offers it)"),
                   changesData: true) { _, state in
            undo(in: &state)
        }
    }

    static func undo(in state: inout DashboardState) -> [DashboardEffect] {
        guard let offer = state.undo.offer else {
            state.message = StatusMessage("Nothing to undo", shownAt: state.now)
            return []
        }
        state.undo.offer = nil
        guard offer.secondsLeft(at: state.now) > 0 else {
            let window = AgeText.short(state.settings.undoWindow)
            state.message = StatusMessage("Too late to undo \(offer.what): undo lasts \(window) after an action",
                                          isError: true, shownAt: state.now)
            return []
        }
        state.actionsInFlight += offer.taskIDs.count
        state.message = StatusMessage("Undoing \(offer.what)…", shownAt: state.now)
        return offer.taskIDs.map { .revise(RevisionRequest(taskID: $0, kind: .undo, label: offer.what)) }
    }

    /// Remembers what an action about to be sent is called, for the offer its answer makes.
    static func sending(_ action: TaskAction, to target: ActionTarget, in state: inout DashboardState) {
        state.undo.sent[target.taskID] = "\(action.undoVerb) of \(target.label)"
    }

    /// A bulk close about to be sent: its answers make one offer.
    static func sendingBulk(_ taskIDs: [Int64], in state: inout DashboardState) {
        state.undo.bulk.formUnion(taskIDs)
    }

    /// An action's answer: done, it becomes what `u` undoes; refused with a typed note, the note is offered back.
    static func finished(_ report: ActionReport, in state: inout DashboardState) {
        let id = report.request.taskID
        let label = state.undo.sent.removeValue(forKey: id)
        let inBulk = state.undo.bulk.remove(id) != nil
        switch report.outcome {
        case .done:
            let until = state.now.addingTimeInterval(state.settings.undoWindow)
            if inBulk, var offer = state.undo.offer, offer.isBulk, offer.secondsLeft(at: state.now) > 0 {
                offer.taskIDs.append(id)
                offer.what = "close of \(offer.taskIDs.count) tasks"
                offer.until = until
                state.undo.offer = offer
            } else {
                let what = inBulk ? "close of 1 task" : label ?? "\(report.request.action.undoVerb) of task \(id)"
                state.undo.offer = UndoOffer(taskIDs: [id], what: what, until: until, isBulk: inBulk)
            }
        case .refused(let reason):
            // A bulk close's one note is not lost with one refusal: the other tasks took it.
            guard !inBulk, let note = report.request.action.typedNote else { return }
            offer(NoteOffer(taskID: id, label: label.map(taskLabel) ?? "Task \(id)", note: note, reason: reason), in: &state)
        }
    }

    /// An undo, re-opening or note answered.
    static func finished(_ request: RevisionRequest, _ outcome: ActionOutcome, in state: inout DashboardState) {
        state.actionsInFlight = max(0, state.actionsInFlight - 1)
        let task = "Task \(request.taskID)"
        switch outcome {
        case .done:
            let text: String
            switch request.kind {
            case .undo: text = "Undone: \(request.label) (\(task.lowercased()) is as it was before)"
            case .reopen: text = "\(task) re-opened with a new clock"
            case .note: text = "\(task): your note was added to its history"
            case .contactPreference(let preference):
                text = "\(request.label) prefers \(preference.rawValue) — on all their tasks"
            }
            state.message = StatusMessage(text, shownAt: state.now)
        case .refused(let reason):
            state.message = StatusMessage("\(task): \(reason)", isError: true, shownAt: state.now)
            if let note = request.typedNote {
                offer(NoteOffer(taskID: request.taskID, label: request.label, note: note, reason: reason), in: &state)
            }
        }
    }

    /// Opens the note offer, unless the user is in another dialog: then the message keeps the note.
    private static func offer(_ offer: NoteOffer, in state: inout DashboardState) {
        guard state.dialog == nil else {
            state.message = StatusMessage("Task \(offer.taskID): \(offer.reason) — your note was not saved: \(offer.note)",
                                          isError: true, shownAt: state.now)
            return
        }
        state.dialog = .noteOffer(offer)
    }

    /// "Müller, Anna · Potassium" from "close of Müller, Anna · Potassium".
    private static func taskLabel(_ sent: String) -> String {
        sent.range(of: " of ").map { String(sent[$0.upperBound...]) } ?? sent
    }

    /// `n` (or Enter) adds the kept note to the task's history; `d` discards it. Esc does neither:
    /// a typed note is not thrown away by a reflex.
    static func noteOfferTable(_ offer: NoteOffer) -> KeyTable {
        KeyTable([
            KeyBinding(keys: [.character("n"), .character("N"), .enter], hint: KeyHint("n", "add it to the task as a note"),
                       changesData: true) { _, state in
                state.dialog = nil
                state.actionsInFlight += 1
                state.message = StatusMessage("Task \(offer.taskID): adding your note…", shownAt: state.now)
                return [.revise(RevisionRequest(taskID: offer.taskID, kind: .note(offer.note), label: offer.label))]
            },
            KeyBinding(keys: [.character("d"), .character("D")], hint: KeyHint("d", "discard it")) { _, state in
                state.dialog = nil
                state.message = StatusMessage("Task \(offer.taskID): your note was discarded", shownAt: state.now)
                return []
            },
            KeyBinding(keys: [.escape], hint: KeyHint("Esc", "choose n or d")) { _, state in
                state.message = StatusMessage("Your note is kept until you choose: n adds it to the task, d discards it",
                                              shownAt: state.now)
                return []
            },
        ], layout: KeyTable.dialogLayout)
    }
}
