import CareQueueCore
import Foundation

/// What each key does, by what is on screen: help, a dialog, the detail view or the queue.
enum KeyHandling {
    /// The longest note the editor takes.
    static let maximumNoteLength = 1000

    static func handle(_ key: Key, in state: inout DashboardState) -> [DashboardEffect] {
        if key == .control("c") { return [.quit] }
        // Whatever was said last has been seen once a key is pressed.
        state.message = nil
        if state.showsHelp { return helpKey(key, in: &state) }
        if let dialog = state.dialog { return DialogKeys.handle(key, dialog: dialog, in: &state) }
        if state.settings.readOnly, changesData(key) {
            state.message = StatusMessage("Read-only wall screen: nothing can be changed here", isError: true,
                                          shownAt: state.now)
            return []
        }
        if state.filter?.editing == true { return FilterKeys.handle(key, in: &state) }
        switch state.screen {
        case .queue:
            return queueKey(key, in: &state)
        case .detail(let id, let detail, let scroll):
            return detailKey(key, taskID: id, detail: detail, scroll: scroll, in: &state)
        case .board(let cursor):
            return ViewKeys.boardKey(key, cursor: cursor, in: &state)
        case .review(let cursor):
            return ViewKeys.reviewKey(key, cursor: cursor, in: &state)
        case .rawMessage(let id, let lines, let scroll, let back):
            return ViewKeys.rawKey(key, id: id, lines: lines, scroll: scroll, reviewCursor: back, in: &state)
        }
    }

    /// Keys that write to the store somewhere (or start doing so): refused on a wall screen.
    static func changesData(_ key: Key) -> Bool {
        [Key.character("a"), .character("f"), .character("c"), .character("r"), .character(" ")].contains(key)
    }

    /// `b`, `v` and `/`: the views every screen without a dialog can switch to; nil for other keys.
    static func viewKey(_ key: Key, in state: inout DashboardState) -> [DashboardEffect]? {
        switch key {
        case .character("b"):
            state.screen = .board(cursor: 0)
            return [.loadBoard]
        case .character("v"):
            state.screen = .review(cursor: 0)
            return [.loadReview]
        case .character("/"):
            state.screen = .queue
            state.filter = PatientFilter(text: state.filter?.text ?? "", editing: true)
            return []
        default:
            return nil
        }
    }

    private static func helpKey(_ key: Key, in state: inout DashboardState) -> [DashboardEffect] {
        switch key {
        case .character("?"), .escape, .enter: state.showsHelp = false
        case .character("q"): return [.quit]
        default: break
        }
        return []
    }

    private static func queueKey(_ key: Key, in state: inout DashboardState) -> [DashboardEffect] {
        let page = max(1, state.visibleRows)
        switch key {
        case .down, .character("j"): return Dashboard.moveCursor(to: state.cursor + 1, in: &state)
        case .up, .character("k"): return Dashboard.moveCursor(to: state.cursor - 1, in: &state)
        case .pageDown: return Dashboard.moveCursor(to: state.cursor + page, in: &state)
        case .pageUp: return Dashboard.moveCursor(to: state.cursor - page, in: &state)
        case .home, .character("g"): return Dashboard.moveCursor(to: 0, in: &state)
        case .end, .character("G"): return Dashboard.moveCursor(to: state.page.total - 1, in: &state)
        case .tab, .right, .character("l"): return switchQueue(by: 1, in: &state)
        case .backTab, .left, .character("h"): return switchQueue(by: -1, in: &state)
        case .enter:
            guard let task = selected(in: &state) else { return [] }
            state.screen = .detail(taskID: task.id, detail: TaskDetail(task: task), scroll: 0)
            return [.loadDetail(taskID: task.id)]
        case .character(" "):
            guard let task = selected(in: &state) else { return [] }
            return BulkCloseKeys.toggleTag(task, in: &state)
        case .character("c") where !state.tagged.isEmpty:
            return BulkCloseKeys.start(in: &state)
        case .escape where state.filter != nil:
            return FilterKeys.clear(in: &state)
        case .escape where !state.tagged.isEmpty:
            state.tagged = [:]
            state.message = StatusMessage("Tags cleared", shownAt: state.now)
        case .character("a"), .character("f"), .character("c"), .character("r"):
            guard let task = selected(in: &state) else { return [] }
            return act(key, on: task, in: &state)
        case .character("b"), .character("v"), .character("/"):
            return viewKey(key, in: &state) ?? []
        case .character("?"):
            state.showsHelp = true
        case .character("q"):
            return [.quit]
        default:
            break
        }
        return []
    }

    private static func detailKey(_ key: Key, taskID: Int64, detail: TaskDetail?, scroll: Int,
                                  in state: inout DashboardState) -> [DashboardEffect] {
        let inside = DashboardLayout(size: state.size).mainInside
        let page = max(1, inside.height - 1)
        let lastScroll = detail.map { detail in
            let lines = DetailView.lines(task: detail.task, history: detail.history, state: state)
            return max(0, DetailView.wrapped(lines, width: inside.width).count - inside.height)
        } ?? 0
        func scrolled(to line: Int) {
            state.screen = .detail(taskID: taskID, detail: detail, scroll: max(0, min(line, lastScroll)))
        }
        switch key {
        case .escape, .backspace, .left, .character("h"):
            state.screen = .queue
        case .down, .character("j"): scrolled(to: scroll + 1)
        case .up, .character("k"): scrolled(to: scroll - 1)
        case .pageDown, .character(" "): scrolled(to: scroll + page)
        case .pageUp: scrolled(to: scroll - page)
        case .home, .character("g"): scrolled(to: 0)
        case .end, .character("G"): scrolled(to: lastScroll)
        case .character("a"), .character("f"), .character("c"), .character("r"):
            guard let task = detail?.task else {
                state.message = StatusMessage("Task \(taskID) is no longer in the store", isError: true, shownAt: state.now)
                return []
            }
            return act(key, on: task, in: &state)
        case .character("?"):
            state.showsHelp = true
        case .character("q"):
            return [.quit]
        default:
            break
        }
        return []
    }

    /// `a` sends the acknowledgement; `f` and `c` open their outcome pickers.
    private static func act(_ key: Key, on task: TaskListItem, in state: inout DashboardState) -> [DashboardEffect] {
        let target = ActionTarget(task)
        switch key {
        case .character("a"):
            return send(.acknowledge, to: task.id, in: &state)
        case .character("f"):
            state.dialog = .attemptOutcome(target, selected: 0)
        case .character("r"):
            state.dialog = .reassignPicker(target, query: "", selected: 0)
            return [.loadCandidates]
        default:
            // Two failed attempts suggest a portal message rather than a third call.
            let suggested = target.lifecycle.suggestsPortalMessage
                ? CloseOutcome.chosenByPeople.firstIndex(of: .portalMessage) ?? 0 : 0
            state.dialog = .closeOutcome(target, selected: suggested)
        }
        return []
    }

    static func send(_ action: TaskAction, to taskID: Int64, in state: inout DashboardState) -> [DashboardEffect] {
        state.actionsInFlight += 1
        state.message = StatusMessage("Task \(taskID): saving…", shownAt: state.now)
        return [.perform(ActionRequest(taskID: taskID, action: action))]
    }

    private static func selected(in state: inout DashboardState) -> TaskListItem? {
        if let task = state.selectedTask { return task }
        state.message = StatusMessage("No task selected: this queue is empty", shownAt: state.now)
        return nil
    }

    static func switchQueue(by step: Int, in state: inout DashboardState) -> [DashboardEffect] {
        let queues = state.overview.queues.map(\.key)
        guard !queues.isEmpty else { return [] }
        let current = queues.firstIndex(of: state.selectedQueue) ?? 0
        let next = queues[((current + step) % queues.count + queues.count) % queues.count]
        guard next != state.selectedQueue else { return [] }
        state.filter = nil
        state.selectedQueue = next
        state.page = QueuePage(key: next)
        state.cursor = 0
        state.scroll = 0
        return [Dashboard.pageLoad(for: state)]
    }
}

/// Keys inside the outcome pickers and the note editor.
enum DialogKeys {
    static func handle(_ key: Key, dialog: Dialog, in state: inout DashboardState) -> [DashboardEffect] {
        switch dialog {
        case .attemptOutcome(let target, let selected):
            let options = AttemptOutcome.allCases
            switch pick(key, selected: selected, count: options.count) {
            case .moved(let index): state.dialog = .attemptOutcome(target, selected: index)
            case .chosen(let index):
                state.dialog = nil
                return KeyHandling.send(.attempt(options[index], note: ""), to: target.taskID, in: &state)
            case .cancelled: state.dialog = nil
            case .ignored: break
            }
        case .closeOutcome(let target, let selected):
            let options = CloseOutcome.chosenByPeople
            switch pick(key, selected: selected, count: options.count) {
            case .moved(let index): state.dialog = .closeOutcome(target, selected: index)
            case .chosen(let index): state.dialog = .closeNote(target, outcome: options[index], text: "", problem: nil)
            case .cancelled: state.dialog = nil
            case .ignored: break
            }
        case .closeNote(let target, let outcome, let text, let problem):
            return noteKey(key, target: target, outcome: outcome, text: text, problem: problem, in: &state)
        case .reassignPicker(let target, let query, let selected):
            return ReassignKeys.pickerKey(key, target: target, query: query, selected: selected, in: &state)
        case .reassignNote(let target, let provider, let text, let problem):
            return ReassignKeys.noteKey(key, target: target, to: provider, text: text, problem: problem, in: &state)
        case .bulkOutcome(let bulk, let selected):
            let options = CloseOutcome.chosenByPeople
            switch pick(key, selected: selected, count: options.count) {
            case .moved(let index): state.dialog = .bulkOutcome(bulk, selected: index)
            case .chosen(let index): state.dialog = .bulkNote(bulk, outcome: options[index], text: "", problem: nil)
            case .cancelled: state.dialog = nil
            case .ignored: break
            }
        case .bulkNote(let bulk, let outcome, let text, let problem):
            return BulkCloseKeys.noteKey(key, bulk: bulk, outcome: outcome, text: text, problem: problem, in: &state)
        case .bulkConfirm(let bulk, let outcome, let note):
            return BulkCloseKeys.confirmKey(key, bulk: bulk, outcome: outcome, note: note, in: &state)
        }
        return []
    }

    /// Edits `text` by `key` (Backspace, Ctrl-U, a character); nil when the key does not edit.
    static func edited(_ text: String, by key: Key) -> String? {
        var text = text
        switch key {
        case .backspace: if !text.isEmpty { text.removeLast() }
        case .control("u"): text = ""
        case .character(let character):
            guard text.count < KeyHandling.maximumNoteLength else { return text }
            text.append(character)
        default: return nil
        }
        return text
    }

    private enum Pick {
        case moved(Int), chosen(Int), cancelled, ignored
    }

    private static func pick(_ key: Key, selected: Int, count: Int) -> Pick {
        switch key {
        case .down, .character("j"), .tab: return .moved(min(count - 1, selected + 1))
        case .up, .character("k"), .backTab: return .moved(max(0, selected - 1))
        case .enter: return .chosen(selected)
        case .escape: return .cancelled
        case .character(let character):
            if let number = character.wholeNumberValue, (1...count).contains(number) { return .chosen(number - 1) }
            return .ignored
        default: return .ignored
        }
    }

    private static func noteKey(_ key: Key, target: ActionTarget, outcome: CloseOutcome, text: String,
                                problem: String?, in state: inout DashboardState) -> [DashboardEffect] {
        var text = text
        switch key {
        case .escape:
            let index = CloseOutcome.chosenByPeople.firstIndex(of: outcome) ?? 0
            state.dialog = .closeOutcome(target, selected: index)
            return []
        case .enter:
            let note = text.trimmingCharacters(in: .whitespacesAndNewlines)
            // The core decides what a valid close is; asking it here keeps the editor open on a refusal.
            let check = Lifecycle.apply(.close(outcome, note: note), to: target.lifecycle, by: state.settings.user,
                                        at: state.now, roster: Roster())
            if case .failure(let refusal) = check {
                state.dialog = .closeNote(target, outcome: outcome, text: text, problem: refusal.description)
                return []
            }
            state.dialog = nil
            return KeyHandling.send(.close(outcome, note: note), to: target.taskID, in: &state)
        case .backspace:
            if !text.isEmpty { text.removeLast() }
        case .control("u"):
            text = ""
        case .character(let character):
            guard text.count < KeyHandling.maximumNoteLength else { return [] }
            text.append(character)
        default:
            return []
        }
        state.dialog = .closeNote(target, outcome: outcome, text: text, problem: nil)
        return []
    }
}
