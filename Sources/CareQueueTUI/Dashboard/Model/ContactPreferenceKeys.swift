import CareQueueCore
import Foundation

/// `i` in a task's detail: how its patient wants to be reached (phone, portal, letter), recorded
/// for all of the patient's tasks, later ones included.
enum ContactPreferenceKeys {
    static let options = ContactPreference.allCases

    static let descriptions: [ContactPreference: String] = [
        .phone: "call the number on file",
        .portal: "a message in the patient portal",
        .letter: "a letter to the address on file",
    ]

    static func binding(task: @escaping (inout DashboardState) -> TaskListItem?) -> KeyBinding {
        KeyBinding(keys: [.character("i")], help: KeyHelp("i", "the patient's contact preference (detail): phone, portal, letter"),
                   changesData: true) { _, state in
            guard let task = task(&state) else { return [] }
            // The patient's name alone: the preference is theirs, not the test's.
            var target = ActionTarget(task)
            target.label = task.patient
            let current = task.contactPreference.flatMap { options.firstIndex(of: $0) } ?? 0
            state.dialog = .contactPreference(target, selected: current)
            return []
        }
    }

    static func pickerTable(target: ActionTarget, selected: Int) -> KeyTable {
        DialogKeys.picker(selected: selected, count: options.count, enter: "record", digits: "1-3", changesData: true,
                          moved: { .contactPreference(target, selected: $0) }) { index, state in
            state.dialog = nil
            state.actionsInFlight += 1
            state.message = StatusMessage("Recording how \(target.label) wants to be reached…", shownAt: state.now)
            return [.revise(RevisionRequest(taskID: target.taskID, kind: .contactPreference(options[index]),
                                            label: target.label))]
        }
    }
}
