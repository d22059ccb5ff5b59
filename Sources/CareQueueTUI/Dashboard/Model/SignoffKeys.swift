import CareQueueCore
import Foundation

/// `s` on a task: the provider signs the result off, with an optional note (Enter alone skips it).
/// Who may sign is the store's to decide, from the dashboard's operating-system account; its
/// refusal ("kim is not a provider on the roster") comes back on the message line.
enum SignoffKeys {
    static func binding(task: @escaping (inout DashboardState) -> TaskListItem?) -> KeyBinding {
        KeyBinding(keys: [.character("s")],
                   help: KeyHelp("s", "sign off the result as its provider (optional note)"),
                   changesData: true) { _, state in
            guard let task = task(&state) else { return [] }
            if let refusal = refusal(task) {
                state.message = StatusMessage("Task \(task.id): \(refusal)", isError: true, shownAt: state.now)
                return []
            }
            state.dialog = .signoffNote(ActionTarget(task), text: "")
            return []
        }
    }

    /// What is wrong before asking for a note: a closed task, or one already signed.
    private static func refusal(_ task: TaskListItem) -> String? {
        if task.status == .closed { return "task is closed: there is nothing left to sign off" }
        if let signed = task.signoff.signed {
            return "already signed off by \(signed.providerName) at \(Timestamp.iso(signed.at)); nothing to do"
        }
        return nil
    }

    static func noteTable(target: ActionTarget, text: NoteText) -> KeyTable {
        KeyTable([
            KeyBinding(keys: [.enter], hint: KeyHint("Enter", "sign off"), changesData: true) { _, state in
                state.dialog = nil
                return KeyHandling.send(.signOff(note: text.trimmed), to: target, in: &state)
            },
            KeyBinding(keys: [.escape], hint: KeyHint("Esc", "cancel")) { _, state in
                state.dialog = nil
                return []
            },
        ] + DialogKeys.noteEditing(text) { note, state in
            state.dialog = .signoffNote(target, text: note)
        }, layout: KeyTable.dialogLayout)
    }
}
