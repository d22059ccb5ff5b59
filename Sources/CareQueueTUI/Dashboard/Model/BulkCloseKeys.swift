import CareQueueCore
import Foundation

/// `Space` tags rows; `c` with tags closes the routine normal ones with one outcome and note,
/// after a confirmation that says how many will close. Critical and abnormal tasks never do.
enum BulkCloseKeys {
    /// `A`: tags every routine open task on screen, or untags them when all already are.
    static func tagRoutineInView(in state: inout DashboardState) -> [DashboardEffect] {
        let shown = (0..<max(1, state.visibleRows)).compactMap { state.page.row(at: state.scroll + $0) }
        let routine = shown.filter(BulkClose.takes)
        guard !routine.isEmpty else {
            state.message = StatusMessage("No routine open task on screen to tag", isError: true, shownAt: state.now)
            return []
        }
        if routine.allSatisfy({ state.tagged[$0.id] != nil }) {
            for task in routine { state.tagged[task.id] = nil }
            state.message = StatusMessage("Untagged \(routine.count) routine task\(routine.count == 1 ? "" : "s")", shownAt: state.now)
            return []
        }
        for task in routine { state.tagged[task.id] = task }
        state.message = StatusMessage("Tagged \(routine.count) routine task\(routine.count == 1 ? "" : "s") on screen: "
            + "c closes the \(state.tagged.count) tagged, Esc untags", shownAt: state.now)
        return []
    }

    /// One answer to a bulk close: while answers come in the message counts them; the last one
    /// says how many closed, and why the others did not. False when `report` is not part of one.
    static func finished(_ report: ActionReport, in state: inout DashboardState) -> Bool {
        guard var run = state.bulkRun, run.pending.remove(report.request.taskID) != nil else { return false }
        switch report.outcome {
        case .done: run.closed += 1
        case .refused(let reason): run.refusals.append(reason)
        }
        state.bulkRun = run.pending.isEmpty ? nil : run
        state.message = StatusMessage(run.summary, isError: run.pending.isEmpty && !run.refusals.isEmpty,
                                      shownAt: state.now)
        return true
    }

    /// Tags or untags `task`, then moves down a row.
    static func toggleTag(_ task: TaskListItem, in state: inout DashboardState) -> [DashboardEffect] {
        if state.tagged.removeValue(forKey: task.id) == nil { state.tagged[task.id] = task }
        return Dashboard.moveCursor(to: state.cursor + 1, in: &state)
    }

    /// `c` with tagged rows: refuses when none may be bulk-closed, else asks for the outcome.
    static func start(in state: inout DashboardState) -> [DashboardEffect] {
        var bulk = BulkClose(tagged: Array(state.tagged.values))
        // Claims never block, but a bulk close asks about them as a single action does.
        let claims = bulk.taskIDs.compactMap { id in state.tagged[id].flatMap { ClaimKeys.foreignClaim(on: $0, in: state) } }
        bulk.claimed = claims.count
        bulk.claimedBy = Array(Set(claims.map(\.by))).sorted()
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
                state.bulkRun = BulkRun(pending: Set(bulk.taskIDs))
                UndoKeys.sendingBulk(bulk.taskIDs, in: &state)
                return bulk.taskIDs.map { .perform(ActionRequest(taskID: $0, action: .close(outcome, note: note))) }
            },
            KeyBinding(keys: [.character("n"), .character("N")], hint: KeyHint("n", "back"), action: back),
            KeyBinding(keys: [.escape], hint: KeyHint("Esc", "back"), action: back),
        ], layout: KeyTable.dialogLayout)
    }
}

/// The answers of a bulk close as they arrive.
public struct BulkRun: Equatable, Sendable {
    /// Tasks still waiting for their answer.
    public var pending: Set<Int64>
    public var closed = 0
    /// Why tasks were not closed (someone else acted first, …), in the order the answers came.
    public var refusals: [String] = []

    public init(pending: Set<Int64>) {
        self.pending = pending
    }

    /// "Closing… 5 of 12 answered", then "Closed 12 of 12 tasks" or "Closed 10 of 12 tasks; 2 not closed: …".
    var summary: String {
        let total = pending.count + closed + refusals.count
        guard pending.isEmpty else { return "Closing… \(closed + refusals.count) of \(total) answered" }
        let head = "Closed \(closed) of \(total) task\(total == 1 ? "" : "s")"
        guard let first = refusals.first else { return head }
        return head + "; \(refusals.count) not closed: \(first)"
    }
}
