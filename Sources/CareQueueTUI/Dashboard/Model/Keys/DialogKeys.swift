import CareQueueCore
import Foundation

/// Keys inside the dialogs: the three outcome pickers share one table; each note editor has its own.
enum DialogKeys {
    static func table(for dialog: Dialog) -> KeyTable {
        switch dialog {
        case .attemptOutcome(let target, let selected):
            let options = AttemptOutcome.allCases
            return picker(selected: selected, count: options.count, enter: "next: note", digits: "1-3",
                          moved: { .attemptOutcome(target, selected: $0) }) { index, state in
                state.dialog = .attemptNote(target, outcome: options[index], text: "")
                return []
            }
        case .attemptNote(let target, let outcome, let text):
            return AttemptKeys.noteTable(target: target, outcome: outcome, text: text)
        case .attemptCallback(let target, let outcome, let note, let selected):
            return AttemptKeys.callbackTable(target: target, outcome: outcome, note: note, selected: selected)
        case .attemptCallbackTime(let target, let outcome, let note, let text, _):
            return AttemptKeys.timeTable(target: target, outcome: outcome, note: note, text: text)
        case .closeOutcome(let target, let selected):
            let options = CloseOutcome.choices(for: target.lifecycle.kind)
            return picker(selected: selected, count: options.count, enter: "next: note", digits: "1-\(options.count)",
                          moved: { .closeOutcome(target, selected: $0) }) { index, state in
                state.dialog = .closeNote(target, outcome: options[index], text: "", problem: nil)
                return []
            }
        case .closeNote(let target, let outcome, let text, _):
            return closeNoteTable(target: target, outcome: outcome, text: text)
        case .reassignPicker(let target, let query, let selected):
            return ReassignKeys.pickerTable(target: target, query: query, selected: selected)
        case .reassignNote(let target, let provider, let text, _):
            return ReassignKeys.noteTable(target: target, to: provider, text: text)
        case .bulkOutcome(let bulk, let selected):
            let options = CloseOutcome.chosenByPeople
            return picker(selected: selected, count: options.count, enter: "next: note", digits: "1-3",
                          moved: { .bulkOutcome(bulk, selected: $0) }) { index, state in
                state.dialog = .bulkNote(bulk, outcome: options[index], text: "", problem: nil)
                return []
            }
        case .bulkNote(let bulk, let outcome, let text, _):
            return BulkCloseKeys.noteTable(bulk: bulk, outcome: outcome, text: text)
        case .bulkConfirm(let bulk, let outcome, let note):
            return BulkCloseKeys.confirmTable(bulk: bulk, outcome: outcome, note: note)
        case .claimConfirm(let task, let key):
            return ClaimKeys.confirmTable(task: task, key: key)
        case .noteOffer(let offer):
            return UndoKeys.noteOfferTable(offer)
        case .reopenNote(let target, let text, _):
            return ReopenKeys.noteTable(target: target, text: text)
        case .contactPreference(let target, let selected):
            return ContactPreferenceKeys.pickerTable(target: target, selected: selected)
        case .signoffNote(let target, let text):
            return SignoffKeys.noteTable(target: target, text: text)
        case .reviewResolveNote(let target, let text, _):
            return ReviewKeys.noteTable(target: target, text: text)
        case .reviewReplayConfirm(let target):
            return ReviewKeys.confirmTable(target: target)
        }
    }

    /// An outcome picker of `count` options: ↑↓ (j k, Tab Shift-Tab) move to the dialog `moved` makes,
    /// Enter or a digit hands an index to `chosen`, Esc cancels.
    static func picker(selected: Int, count: Int, enter: String, digits: String, changesData: Bool = false,
                       moved: @escaping (Int) -> Dialog,
                       chosen: @escaping (Int, inout DashboardState) -> [DashboardEffect]) -> KeyTable {
        KeyTable([
            KeyBinding(keys: [.down, .character("j"), .tab, .up, .character("k"), .backTab],
                       hint: KeyHint("↑↓", "choose")) { key, state in
                let down = [Key.down, .character("j"), .tab].contains(key)
                state.dialog = moved(down ? min(count - 1, selected + 1) : max(0, selected - 1))
                return []
            },
            KeyBinding(keys: [.enter], hint: KeyHint("Enter", enter), changesData: changesData) { _, state in
                chosen(selected, &state)
            },
            KeyBinding(keys: [], takesText: true, hint: KeyHint(digits, "pick"), changesData: changesData) { key, state in
                guard case .character(let character) = key, let number = character.wholeNumberValue,
                      (1...count).contains(number) else { return nil }
                return chosen(number - 1, &state)
            },
            KeyBinding(keys: [.escape], hint: KeyHint("Esc", "cancel")) { _, state in
                state.dialog = nil
                return []
            },
        ], layout: KeyTable.dialogLayout)
    }

    /// Backspace, Ctrl-U and typed characters, all handled by `edit`; `backspace` and `clear` are the
    /// hints for the first two, nil where a dialog's hint line leaves them out.
    static func editing(backspace: KeyHint?, clear: KeyHint?,
                        edit: @escaping (Key, inout DashboardState) -> [DashboardEffect]) -> [KeyBinding] {
        [
            KeyBinding(keys: [.backspace], hint: backspace, action: edit),
            KeyBinding(keys: [.control("u")], hint: clear, action: edit),
            KeyBinding(keys: [], takesText: true, action: edit),
        ]
    }

    /// The keys of a note editor (see `NoteText`): each edits `note` and hands the result to `edited`.
    static func noteEditing(_ note: NoteText, clearHint: Bool = true,
                            edited: @escaping (NoteText, inout DashboardState) -> Void) -> [KeyBinding] {
        let edit: (Key, inout DashboardState) -> [DashboardEffect]? = { key, state in
            var note = note
            guard note.apply(key, limit: KeyHandling.maximumNoteLength) else { return nil }
            edited(note, &state)
            return []
        }
        return [
            KeyBinding(keys: [.backspace, .delete], hint: KeyHint("Backspace Del", "delete"), action: edit),
            KeyBinding(keys: [.control("w")], hint: KeyHint("Ctrl-W", "delete word"), action: edit),
            KeyBinding(keys: [.control("u")], hint: clearHint ? KeyHint("Ctrl-U", "clear") : nil, action: edit),
            KeyBinding(keys: [.left, .right, .home, .end], hint: KeyHint("← → Home End", "move"), action: edit),
            KeyBinding(keys: [], takesText: true, action: edit),
        ]
    }

    /// Edits `text` by `key` (Backspace, Ctrl-U, a character); nil when the key does not edit.
    static func edited(_ text: String, by key: Key) -> String? {
        var text = text
        switch key {
        case .backspace: if !text.isEmpty { text.removeLast() }
        case .control("u"): text = ""
        case .character(let character):
            guard text.count < KeyHandling.maximumNoteLength else { return text }
            text.append(character)
        default: return nil
        }
        return text
    }

    private static func closeNoteTable(target: ActionTarget, outcome: CloseOutcome, text: NoteText) -> KeyTable {
        KeyTable([
            KeyBinding(keys: [.enter], hint: KeyHint("Enter", "close task"), changesData: true) { _, state in
                let note = text.trimmed
                // The core decides what a valid close is; asking it here keeps the editor open on a refusal.
                let check = Lifecycle.apply(.close(outcome, note: note), to: target.lifecycle, by: state.settings.user,
                                            at: state.now, roster: Roster())
                if case .failure(let refusal) = check {
                    state.dialog = .closeNote(target, outcome: outcome, text: text, problem: refusal.description)
                    return []
                }
                state.dialog = nil
                return KeyHandling.send(.close(outcome, note: note), to: target, in: &state)
            },
            KeyBinding(keys: [.escape], hint: KeyHint("Esc", "back")) { _, state in
                let index = CloseOutcome.choices(for: target.lifecycle.kind).firstIndex(of: outcome) ?? 0
                state.dialog = .closeOutcome(target, selected: index)
                return []
            },
        ] + noteEditing(text) { note, state in
            state.dialog = .closeNote(target, outcome: outcome, text: note, problem: nil)
        }, layout: KeyTable.dialogLayout)
    }
}
