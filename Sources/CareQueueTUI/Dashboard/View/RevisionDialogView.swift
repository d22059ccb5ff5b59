import CareQueueCore
import Foundation

/// The dialogs of safe actions: act on a task someone claimed, a refused action's note, re-open.
enum RevisionDialogView {
    /// "kim is working on this task (2m) — act anyway? y/n"
    static func claimConfirm(_ task: TaskListItem, state: DashboardState, on grid: inout CellGrid) {
        let inside = DialogView.frame(GridSize(width: min(64, grid.width - 4), height: 7),
                                      title: "Task \(task.id) is claimed", on: &grid)
        grid.put(" \(task.patient) · \(task.test)", x: inside.x, y: inside.y, width: inside.width, role: .dialog,
                 alignment: .left)
        guard let claim = task.claim else { return }
        let age = AgeText.compact(state.now.timeIntervalSince(claim.at))
        grid.put(" \(claim.by) is working on this task (\(age)) — act anyway? y/n", x: inside.x, y: inside.y + 2,
                 width: inside.width, role: .dialogTitle, alignment: .left)
    }

    /// The refusal, the kept note (wrapped), and the two choices.
    static func noteOffer(_ offer: NoteOffer, on grid: inout CellGrid) {
        let width = min(70, grid.width - 4)
        let reason = TextWrap.lines("Not saved: \(offer.reason)", width: width - 4)
        let note = Array(TextWrap.lines(offer.note, width: width - 6).prefix(4))
        let inside = DialogView.frame(GridSize(width: width, height: reason.count + note.count + 7),
                                      title: "Task \(offer.taskID): your note was kept", on: &grid)
        var y = inside.y
        grid.put(" " + offer.label, x: inside.x, y: y, width: inside.width, role: .dialog, alignment: .left)
        y += 1
        for line in reason {
            grid.put(" " + line, x: inside.x, y: y, width: inside.width, role: .error, alignment: .left)
            y += 1
        }
        y += 1
        for line in note {
            grid.put("   " + line, x: inside.x, y: y, width: inside.width, role: .input, alignment: .left)
            y += 1
        }
        y += 1
        grid.put(" n: add it to the task as a note   d: discard it", x: inside.x, y: y, width: inside.width,
                 role: .dialogTitle, alignment: .left)
    }

    static func reopenNote(_ target: ActionTarget, text: NoteText, problem: String?, on grid: inout CellGrid) {
        DialogView.noteDialog(title: "Re-open task \(target.taskID)", label: target.label,
                              prompt: "Why is it re-opened? (required; a new clock starts)", note: text, problem: problem,
                              on: &grid)
    }
}
