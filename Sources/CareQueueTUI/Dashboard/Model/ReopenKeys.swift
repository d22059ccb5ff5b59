import CareQueueCore
import Foundation

/// `o` in a closed task's detail: a note saying why, then the task is open again with a new clock.
enum ReopenKeys {
    static func binding(task: @escaping (inout DashboardState) -> TaskListItem?) -> KeyBinding {
        KeyBinding(keys: [.character("o")], help: KeyHelp("o", "re-open a closed task (detail): a note, then a new clock"),
                   changesData: true) { _, state in
            guard let task = task(&state) else { return [] }
            guard task.status == .closed else {
                state.message = StatusMessage("Task \(task.id) is \(task.status.rawValue): only a closed task can be re-opened",
                                              isError: true, shownAt: state.now)
                return []
            }
            state.dialog = .reopenNote(ActionTarget(task), text: "", problem: nil)
            return ClaimKeys.claim(task.id, in: state)
        }
    }

    static func noteTable(target: ActionTarget, text: NoteText) -> KeyTable {
        KeyTable([
            KeyBinding(keys: [.enter], hint: KeyHint("Enter", "re-open"), changesData: true) { _, state in
                let note = text.trimmed
                if let refusal = TaskReopening.refusal(status: target.lifecycle.status, note: note) {
                    state.dialog = .reopenNote(target, text: text, problem: refusal.description)
                    return []
                }
                state.dialog = nil
                state.actionsInFlight += 1
                state.message = StatusMessage("Task \(target.taskID): re-opening…", shownAt: state.now)
                return [.revise(RevisionRequest(taskID: target.taskID, kind: .reopen(note: note), label: target.label))]
            },
            KeyBinding(keys: [.escape], hint: KeyHint("Esc", "cancel")) { _, state in
                state.dialog = nil
                return []
            },
        ] + DialogKeys.noteEditing(text) { note, state in
            state.dialog = .reopenNote(target, text: note, problem: nil)
        }, layout: KeyTable.dialogLayout)
    }
}
