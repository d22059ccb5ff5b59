import CareQueueCore
import Foundation

/// The steps of `f` after the outcome: the optional note, the callback picker, the typed time.
enum AttemptDialogView {
    static func note(_ target: ActionTarget, outcome: AttemptOutcome, text: NoteText, on grid: inout CellGrid) {
        DialogView.noteDialog(title: "Failed attempt · task \(target.taskID) · \(outcome.rawValue)", label: target.label,
                              prompt: "Note (optional; Enter to go on)", note: text, problem: nil, on: &grid)
    }

    /// Each option with the time it means now: "next-opening  Mon 07:00".
    static func callback(_ target: ActionTarget, outcome: AttemptOutcome, selected: Int, state: DashboardState,
                         on grid: inout CellGrid) {
        let zone = state.settings.timeZone
        let options = AttemptKeys.callbackChoices.map { choice -> (String, String) in
            switch choice {
            case .nextOpening:
                let opening = choice?.instant(at: state.now, calendar: state.settings.clinicCalendar)
                return ("next-opening", opening.map { TaskText.callbackTime($0, timeZone: zone) } ?? "none in sight")
            case .inTwoHours:
                return ("in 2 h", TaskText.callbackTime(state.now.addingTimeInterval(7200), timeZone: zone))
            case .noCallback: return ("none", "no callback")
            case .at, nil: return ("a time…", "type 14:30 or 2026-03-02T09:00")
            }
        }
        DialogView.picker(title: "Callback · task \(target.taskID) · \(outcome.rawValue)", label: target.label,
                          options: options, selected: selected, note: nil, width: 60, height: options.count + 4, on: &grid)
    }

    static func time(_ target: ActionTarget, text: NoteText, problem: String?, on grid: inout CellGrid) {
        DialogView.noteDialog(title: "Callback time · task \(target.taskID)", label: target.label,
                              prompt: "Call back at (14:30, or 2026-03-02T09:00)", note: text, problem: problem, on: &grid)
    }
}
