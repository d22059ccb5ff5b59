import CareQueueCore
import Foundation

/// `r` and `p` on the review list: what `review resolve` and `review replay` do, for the message under
/// the cursor. The store decides and audits; its answer comes back on the message line.
enum ReviewKeys {
    static let notePrompt = "Why is nothing more to be done? (required)"
    static let emptyNote = "a note must say why the message is resolved"

    static func resolveBinding(cursor: Int) -> KeyBinding {
        KeyBinding(keys: [.character("r")], help: KeyHelp("r", "review list: resolve the message, with a note saying why"),
                   hint: KeyHint("r", "resolve", at: 3), changesData: true) { _, state in
            guard let item = openItem(at: cursor, in: &state) else { return [] }
            state.dialog = .reviewResolveNote(ReviewTarget(item), text: "", problem: nil)
            return []
        }
    }

    static func replayBinding(cursor: Int) -> KeyBinding {
        KeyBinding(keys: [.character("p")],
                   help: KeyHelp("p", "review list: replay the message under today's configuration (after a fix)"),
                   hint: KeyHint("p", "replay", at: 4), changesData: true) { _, state in
            guard let item = openItem(at: cursor, in: &state) else { return [] }
            state.dialog = .reviewReplayConfirm(ReviewTarget(item))
            return []
        }
    }

    /// The message under the cursor while it is still open; otherwise says why not.
    private static func openItem(at cursor: Int, in state: inout DashboardState) -> ReviewItem? {
        guard state.reviewItems.indices.contains(cursor) else {
            state.message = StatusMessage("Nothing to review", shownAt: state.now)
            return nil
        }
        let item = state.reviewItems[cursor]
        if item.resolution != nil {
            state.message = StatusMessage("Message \(item.id) is already resolved", isError: true, shownAt: state.now)
            return nil
        }
        return item
    }

    static func noteTable(target: ReviewTarget, text: NoteText) -> KeyTable {
        KeyTable([
            KeyBinding(keys: [.enter], hint: KeyHint("Enter", "resolve"), changesData: true) { _, state in
                let note = text.trimmed
                guard !note.isEmpty else {
                    state.dialog = .reviewResolveNote(target, text: text, problem: emptyNote)
                    return []
                }
                return send(.resolve(note: note), to: target, doing: "resolving", in: &state)
            },
            KeyBinding(keys: [.escape], hint: KeyHint("Esc", "cancel")) { _, state in
                state.dialog = nil
                return []
            },
        ] + DialogKeys.noteEditing(text) { note, state in
            state.dialog = .reviewResolveNote(target, text: note, problem: nil)
        }, layout: KeyTable.dialogLayout)
    }

    static func confirmTable(target: ReviewTarget) -> KeyTable {
        KeyTable([
            // Only `y`: a replay may make tasks, so a stray Enter does not start one.
            KeyBinding(keys: [.character("y"), .character("Y")], hint: KeyHint("y Y", "replay"), changesData: true) { _, state in
                send(.replay, to: target, doing: "replaying", in: &state)
            },
            KeyBinding(keys: [.character("n"), .character("N"), .escape], hint: KeyHint("n N Esc", "cancel")) { _, state in
                state.dialog = nil
                return []
            },
        ], layout: KeyTable.dialogLayout)
    }

    private static func send(_ action: ReviewAction, to target: ReviewTarget, doing: String,
                             in state: inout DashboardState) -> [DashboardEffect] {
        state.dialog = nil
        state.actionsInFlight += 1
        state.message = StatusMessage("Message \(target.messageID): \(doing)…", shownAt: state.now)
        return [.reviewAction(ReviewActionRequest(messageID: target.messageID, action: action))]
    }

    /// The store's answer on the message line (an error stays until a key), then the list and the
    /// header's count read again: a resolved or replayed message leaves the open list.
    static func finished(_ outcome: ReviewActionOutcome, in state: inout DashboardState) -> [DashboardEffect] {
        state.actionsInFlight = max(0, state.actionsInFlight - 1)
        switch outcome {
        case .done(let text): state.message = StatusMessage(capitalized(text), shownAt: state.now)
        case .refused(let text): state.message = StatusMessage(capitalized(text), isError: true, shownAt: state.now)
        }
        var effects = Dashboard.reloads(for: state)
        if !effects.contains(.loadReview) { effects.append(.loadReview) }
        return effects
    }

    /// "message 12 resolved" → "Message 12 resolved", as the message line's other sentences begin.
    private static func capitalized(_ text: String) -> String {
        text.prefix(1).uppercased() + text.dropFirst()
    }
}
