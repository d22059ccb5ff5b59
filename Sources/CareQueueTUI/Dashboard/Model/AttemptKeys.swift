import CareQueueCore
import Foundation

/// `f` after the outcome: an optional note, then when to call back. Enter twice takes the
/// defaults — no note, and the callback the outcome suggests (`CallbackChoice.suggested`) — so a
/// no-answer with a callback at the next opening is `f` `1` Enter Enter.
enum AttemptKeys {
    /// The callback picker's options, in order; the third asks for a typed time.
    static let callbackChoices: [CallbackChoice?] = [.nextOpening, .inTwoHours, nil, CallbackChoice.noCallback]

    /// Where the picker starts for `outcome`.
    static func suggestedIndex(for outcome: AttemptOutcome) -> Int {
        callbackChoices.firstIndex(of: CallbackChoice.suggested(for: outcome)) ?? 0
    }

    static func noteTable(target: ActionTarget, outcome: AttemptOutcome, text: NoteText) -> KeyTable {
        KeyTable([
            KeyBinding(keys: [.enter], hint: KeyHint("Enter", "next: callback")) { _, state in
                state.dialog = .attemptCallback(target, outcome: outcome, note: text.trimmed,
                                                selected: suggestedIndex(for: outcome))
                return []
            },
            KeyBinding(keys: [.escape], hint: KeyHint("Esc", "back")) { _, state in
                state.dialog = .attemptOutcome(target, selected: AttemptOutcome.allCases.firstIndex(of: outcome) ?? 0)
                return []
            },
        ] + DialogKeys.noteEditing(text) { note, state in
            state.dialog = .attemptNote(target, outcome: outcome, text: note)
        }, layout: KeyTable.dialogLayout)
    }

    static func callbackTable(target: ActionTarget, outcome: AttemptOutcome, note: String, selected: Int) -> KeyTable {
        let picker = DialogKeys.picker(selected: selected, count: callbackChoices.count, enter: "record attempt",
                                       digits: "1-4", changesData: true,
                                       moved: { .attemptCallback(target, outcome: outcome, note: note, selected: $0) }) {
            index, state in
            guard let choice = callbackChoices[index] else {
                state.dialog = .attemptCallbackTime(target, outcome: outcome, note: note, text: "", problem: nil)
                return []
            }
            return record(outcome, note: note, callback: choice, to: target, in: &state)
        }
        // Esc goes back to the note rather than dropping what was typed.
        let back = KeyBinding(keys: [.escape], hint: KeyHint("Esc", "back")) { _, state in
            state.dialog = .attemptNote(target, outcome: outcome, text: NoteText(note))
            return []
        }
        return KeyTable([back] + picker.bindings.filter { !$0.keys.contains(.escape) }, layout: KeyTable.dialogLayout)
    }

    static func timeTable(target: ActionTarget, outcome: AttemptOutcome, note: String, text: NoteText) -> KeyTable {
        KeyTable([
            KeyBinding(keys: [.enter], hint: KeyHint("Enter", "record attempt"), changesData: true) { _, state in
                switch CallbackTimeInput.parse(text.text, now: state.now, timeZone: state.settings.timeZone) {
                case .failure(let refusal):
                    state.dialog = .attemptCallbackTime(target, outcome: outcome, note: note, text: text,
                                                        problem: refusal.description)
                    return []
                case .success(let instant):
                    return record(outcome, note: note, callback: .at(instant), to: target, in: &state)
                }
            },
            KeyBinding(keys: [.escape], hint: KeyHint("Esc", "back")) { _, state in
                let typed = callbackChoices.firstIndex(of: nil) ?? 0
                state.dialog = .attemptCallback(target, outcome: outcome, note: note, selected: typed)
                return []
            },
        ] + DialogKeys.noteEditing(text) { typed, state in
            state.dialog = .attemptCallbackTime(target, outcome: outcome, note: note, text: typed, problem: nil)
        }, layout: KeyTable.dialogLayout)
    }

    /// Sends the attempt with the instant `callback` means now; a next opening the calendar cannot
    /// find is said, not silently dropped.
    private static func record(_ outcome: AttemptOutcome, note: String, callback: CallbackChoice, to target: ActionTarget,
                               in state: inout DashboardState) -> [DashboardEffect] {
        let instant = callback.instant(at: state.now, calendar: state.settings.clinicCalendar)
        if callback == .nextOpening, instant == nil {
            state.message = StatusMessage("The clinic does not open in the next \(ClinicCalendar.searchDays) days: pick another callback",
                                          isError: true, shownAt: state.now)
            return []
        }
        state.dialog = nil
        return KeyHandling.send(.attempt(outcome, note: note, callbackAt: instant), to: target, in: &state)
    }
}
