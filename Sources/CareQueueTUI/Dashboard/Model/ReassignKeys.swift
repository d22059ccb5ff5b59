import CareQueueCore
import Foundation

/// The reassign picker's narrowing.
public enum ProviderPicker {
    /// Roster providers matching every word of `query` (in the name or NPI, any case), in roster order.
    /// The coverage in force for `provider` when the picker read the roster, if they are away.
    static func coverage(of provider: Provider, in state: DashboardState) -> Coverage? {
        state.candidateCoverage.first { $0.providerNPI == provider.npi }
    }

    public static func matches(_ candidates: [Provider], query: String) -> [Provider] {
        let words = query.lowercased().split(separator: " ")
        guard !words.isEmpty else { return candidates }
        return candidates.filter { provider in
            let haystack = (provider.name + " " + provider.npi).lowercased()
            return words.allSatisfy { haystack.contains($0) }
        }
    }
}

/// `r`: a provider picker narrowed by typing, then a note for the receiving provider.
enum ReassignKeys {
    static func pickerTable(target: ActionTarget, query: String, selected: Int) -> KeyTable {
        KeyTable([
            KeyBinding(keys: [.backspace, .control("u")], takesText: true, hint: KeyHint("type", "narrow")) { key, state in
                guard let text = DialogKeys.edited(query, by: key) else { return nil }
                state.dialog = .reassignPicker(target, query: text, selected: 0)
                return []
            },
            KeyBinding(keys: [.down, .tab, .up, .backTab], hint: KeyHint("↑↓", "choose")) { key, state in
                let shown = ProviderPicker.matches(state.candidates, query: query)
                let next = key == .down || key == .tab ? min(max(0, shown.count - 1), selected + 1) : max(0, selected - 1)
                state.dialog = .reassignPicker(target, query: query, selected: next)
                return []
            },
            KeyBinding(keys: [.enter], hint: KeyHint("Enter", "next: note")) { _, state in
                let shown = ProviderPicker.matches(state.candidates, query: query)
                guard shown.indices.contains(selected) else { return [] }
                var provider = shown[selected]
                // An absent provider's results go to whoever covers: offer that one instead.
                if let away = ProviderPicker.coverage(of: provider, in: state),
                   let covering = state.candidates.first(where: { $0.npi == away.coveringNPI }) {
                    state.message = StatusMessage("\(provider.name) is away until "
                        + "\(TaskText.dateTime(away.endsAt, timeZone: state.settings.timeZone)): \(covering.name) covers, "
                        + "the task goes to them", shownAt: state.now)
                    provider = covering
                }
                if provider.npi == target.lifecycle.assignedNPI {
                    state.message = StatusMessage("Task \(target.taskID) is already in \(provider.name)'s queue",
                                                  isError: true, shownAt: state.now)
                    return []
                }
                state.dialog = .reassignNote(target, to: provider, text: "", problem: nil)
                return []
            },
            KeyBinding(keys: [.escape], hint: KeyHint("Esc", "cancel")) { _, state in
                state.dialog = nil
                return []
            },
        ], layout: KeyTable.dialogLayout)
    }

    static func noteTable(target: ActionTarget, to provider: Provider, text: NoteText) -> KeyTable {
        KeyTable([
            KeyBinding(keys: [.enter], hint: KeyHint("Enter", "reassign"), changesData: true) { _, state in
                let note = text.trimmed
                // The core's rules, asked here so a refusal keeps the editor open with the text.
                let roster = Roster(providers: state.candidates + [provider])
                let check = Lifecycle.apply(.reassign(toNPI: provider.npi, note: note), to: target.lifecycle,
                                            by: state.settings.user, at: state.now, roster: roster)
                if case .failure(let refusal) = check {
                    state.dialog = .reassignNote(target, to: provider, text: text, problem: refusal.description)
                    return []
                }
                state.dialog = nil
                return KeyHandling.send(.reassign(toNPI: provider.npi, note: note), to: target, in: &state)
            },
            KeyBinding(keys: [.escape], hint: KeyHint("Esc", "back")) { _, state in
                state.dialog = .reassignPicker(target, query: "", selected: 0)
                return []
            },
        ] + DialogKeys.noteEditing(text) { note, state in
            state.dialog = .reassignNote(target, to: provider, text: note, problem: nil)
        }, layout: KeyTable.dialogLayout)
    }
}
