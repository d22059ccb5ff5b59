import CareQueueCore
import Foundation

/// `Space` tags rows; `c` with tags closes the routine normal ones with one outcome and note,
/// after a confirmation that says how many will close. Critical and abnormal tasks never do.
enum BulkCloseKeys {
    /// Tags or untags `task`, then moves down a row.
    static func toggleTag(_ task: TaskListItem, in state: inout DashboardState) -> [DashboardEffect] {
        if state.tagged.removeValue(forKey: task.id) == nil { state.tagged[task.id] = task }
        return Dashboard.moveCursor(to: state.cursor + 1, in: &state)
    }

    /// `c` with tagged rows: refuses when none may be bulk-closed, else asks for the outcome.
    static func start(in state: inout DashboardState) -> [DashboardEffect] {
        let bulk = BulkClose(tagged: Array(state.tagged.values))
        guard !bulk.taskIDs.isEmpty else {
            state.message = StatusMessage(
                "None of the \(bulk.excluded) tagged tasks can be bulk-closed: critical and abnormal tasks close one at a time",
                isError: true, shownAt: state.now)
            return []
        }
        if bulk.excluded > 0 {
            state.message = StatusMessage(
                "\(bulk.excluded) of \(state.tagged.count) tagged tasks excluded: critical and abnormal tasks are never bulk-closed",
                isError: true, shownAt: state.now)
        }
        state.dialog = .bulkOutcome(bulk, selected: 0)
        return []
    }

    static func noteTable(bulk: BulkClose, outcome: CloseOutcome, text: NoteText) -> KeyTable {
        KeyTable([
            KeyBinding(keys: [.enter], hint: KeyHint("Enter", "next: confirm")) { _, state in
                let note = text.trimmed
                let sample = LifecycleState(status: .open, assignedNPI: nil, failedAttempts: 0)
                let check = Lifecycle.apply(.close(outcome, note: note), to: sample, by: state.settings.user,
                                            at: state.now, roster: Roster())
                if case .failure(let refusal) = check {
                    state.dialog = .bulkNote(bulk, outcome: outcome, text: text, problem: refusal.description)
                    return []
                }
                state.dialog = .bulkConfirm(bulk, outcome: outcome, note: note)
                return []
            },
            KeyBinding(keys: [.escape], hint: KeyHint("Esc", "back")) { _, state in
                state.dialog = .bulkOutcome(bulk, selected: CloseOutcome.chosenByPeople.firstIndex(of: outcome) ?? 0)
                return []
            },
        ] + DialogKeys.noteEditing(text, clearHint: false) { note, state in
            state.dialog = .bulkNote(bulk, outcome: outcome, text: note, problem: nil)
        }, layout: KeyTable.dialogLayout)
    }

    /// `y` or Enter closes them all; `n` or Esc goes back to the note.
    static func confirmTable(bulk: BulkClose, outcome: CloseOutcome, note: String) -> KeyTable {
        let back: (Key, inout DashboardState) -> [DashboardEffect]? = { _, state in
            state.dialog = .bulkNote(bulk, outcome: outcome, text: NoteText(note), problem: nil)
            return []
        }
        return KeyTable([
            KeyBinding(keys: [.character("y"), .character("Y"), .enter], hint: KeyHint("y", "close them"),
                       changesData: true) { _, state in
                state.dialog = nil
                state.tagged = [:]
                state.actionsInFlight += bulk.taskIDs.count
                state.message = StatusMessage("Closing \(bulk.taskIDs.count) tasks…", shownAt: state.now)
                UndoKeys.sendingBulk(bulk.taskIDs, in: &state)
                return bulk.taskIDs.map { .perform(ActionRequest(taskID: $0, action: .close(outcome, note: note))) }
            },
            KeyBinding(keys: [.character("n"), .character("N")], hint: KeyHint("n", "back"), action: back),
            KeyBinding(keys: [.escape], hint: KeyHint("Esc", "back"), action: back),
        ], layout: KeyTable.dialogLayout)
    }
}
