import CareQueueCore
import Foundation

/// `/`: typing narrows the main panel to tasks whose MRN, patient or test matches, across every
/// queue; Tab adds closed tasks, after the open ones.
enum FilterKeys {
    /// The longest filter text.
    static let maximumLength = 64

    static var table: KeyTable {
        KeyTable([
            KeyBinding(keys: [.backspace, .control("u")], takesText: true, hint: KeyHint("type", "MRN, name or test")) { key, state in
                guard var filter = state.filter else { return [] }
                guard key != .character("\t"), let text = DialogKeys.edited(filter.text, by: key),
                      text.count <= maximumLength else { return [] }
                filter.text = text
                return narrow(to: filter, in: &state)
            },
            KeyBinding(keys: [.tab], hint: KeyHint("Tab", { state in
                state.filter?.includesClosed == true ? "open only" : "closed too"
            })) { _, state in
                guard var filter = state.filter else { return [] }
                filter.includesClosed.toggle()
                state.filter = filter
                return filter.isActive ? restart(in: &state) : []
            },
            KeyBinding(keys: [.down, .up, .pageDown, .pageUp], hint: KeyHint("↑↓", "move")) { key, state in
                // Moving while typing keeps the text and moves in the matches.
                let page = max(1, state.visibleRows)
                let step = key == .down ? 1 : key == .up ? -1 : key == .pageDown ? page : -page
                return Dashboard.moveCursor(to: state.cursor + step, in: &state)
            },
            KeyBinding(keys: [.enter], hint: KeyHint("Enter", "keep filter")) { _, state in
                guard var filter = state.filter else { return [] }
                filter.editing = false
                state.filter = filter.isActive ? filter : nil
                return []
            },
            KeyBinding(keys: [.escape], hint: KeyHint("Esc", "clear")) { _, state in clear(in: &state) },
        ])
    }

    /// Esc: back to the selected queue, unfiltered.
    static func clear(in state: inout DashboardState) -> [DashboardEffect] {
        let wasActive = state.filter?.isActive == true
        state.filter = nil
        guard wasActive else { return [] }
        return restart(in: &state)
    }

    private static func narrow(to filter: PatientFilter, in state: inout DashboardState) -> [DashboardEffect] {
        let before = state.filter
        state.filter = filter
        guard before?.text != filter.text else { return [] }
        return restart(in: &state)
    }

    /// The list changed under the cursor: start at its top.
    private static func restart(in state: inout DashboardState) -> [DashboardEffect] {
        state.page = QueuePage(key: state.selectedQueue)
        state.cursor = 0
        state.scroll = 0
        return [Dashboard.pageLoad(for: state)]
    }
}
