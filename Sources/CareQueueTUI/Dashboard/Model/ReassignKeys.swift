import CareQueueCore
import Foundation

/// The reassign picker's narrowing.
public enum ProviderPicker {
    /// Roster providers matching every word of `query` (in the name or NPI, any case), in roster order.
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
    static func pickerKey(_ key: Key, target: ActionTarget, query: String, selected: Int,
                          in state: inout DashboardState) -> [DashboardEffect] {
        let shown = ProviderPicker.matches(state.candidates, query: query)
        switch key {
        case .down, .tab:
            state.dialog = .reassignPicker(target, query: query, selected: min(max(0, shown.count - 1), selected + 1))
        case .up, .backTab:
            state.dialog = .reassignPicker(target, query: query, selected: max(0, selected - 1))
        case .escape:
            state.dialog = nil
        case .enter:
            guard shown.indices.contains(selected) else { return [] }
            let provider = shown[selected]
            if provider.npi == target.lifecycle.assignedNPI {
                state.message = StatusMessage("Task \(target.taskID) is already in \(provider.name)'s queue",
                                              isError: true, shownAt: state.now)
                return []
            }
            state.dialog = .reassignNote(target, to: provider, text: "", problem: nil)
        default:
            guard let text = DialogKeys.edited(query, by: key) else { return [] }
            state.dialog = .reassignPicker(target, query: text, selected: 0)
        }
        return []
    }

    static func noteKey(_ key: Key, target: ActionTarget, to provider: Provider, text: String, problem: String?,
                        in state: inout DashboardState) -> [DashboardEffect] {
        switch key {
        case .escape:
            state.dialog = .reassignPicker(target, query: "", selected: 0)
            return []
        case .enter:
            let note = text.trimmingCharacters(in: .whitespacesAndNewlines)
            // The core's rules, asked here so a refusal keeps the editor open with the text.
            let roster = Roster(providers: state.candidates + [provider])
            let check = Lifecycle.apply(.reassign(toNPI: provider.npi, note: note), to: target.lifecycle,
                                        by: state.settings.user, at: state.now, roster: roster)
            if case .failure(let refusal) = check {
                state.dialog = .reassignNote(target, to: provider, text: text, problem: refusal.description)
                return []
            }
            state.dialog = nil
            return KeyHandling.send(.reassign(toNPI: provider.npi, note: note), to: target.taskID, in: &state)
        default:
            guard let edited = DialogKeys.edited(text, by: key) else { return [] }
            state.dialog = .reassignNote(target, to: provider, text: edited, problem: nil)
            return []
        }
    }
}
