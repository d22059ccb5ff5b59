import CareQueueCore
import Foundation

/// Claims (soft locks): opening a task or starting an action claims it; acting on a task someone
/// else claimed asks first. Claims never block: `y` acts anyway.
enum ClaimKeys {
    /// The claim effect for `taskID`, none on a read-only screen (a wall showing a task is not working on it).
    static func claim(_ taskID: Int64, for purpose: ClaimPurpose = .acting, in state: DashboardState) -> [DashboardEffect] {
        state.settings.readOnly ? [] : [.claim(taskID: taskID, purpose: purpose)]
    }

    /// The live claim someone else holds on `task`, if any.
    static func foreignClaim(on task: TaskListItem, in state: DashboardState) -> TaskClaim? {
        guard let claim = task.claim, claim.isForeign(to: state.settings.user, at: state.now) else { return nil }
        return claim
    }

    /// "kim · 2m": who claimed it and how long ago (the latest opening or action).
    static func marker(_ claim: TaskClaim, at now: Date) -> String {
        "\(claim.by) · \(AgeText.compact(now.timeIntervalSince(claim.at)))"
    }

    /// `y` (or Enter) does what `key` asked on `task`; `n` or Esc leaves it to whoever claimed it.
    static func confirmTable(task: TaskListItem, key: Key) -> KeyTable {
        let cancel: (Key, inout DashboardState) -> [DashboardEffect]? = { _, state in
            state.dialog = nil
            state.message = StatusMessage("Left task \(task.id) to \(task.claim?.by ?? "them")", shownAt: state.now)
            return []
        }
        return KeyTable([
            KeyBinding(keys: [.character("y"), .character("Y"), .enter], hint: KeyHint("y", "act anyway"),
                       changesData: true) { _, state in
                state.dialog = nil
                return KeyHandling.act(key, on: task, in: &state)
            },
            KeyBinding(keys: [.character("n"), .character("N")], hint: KeyHint("n", "leave it"), action: cancel),
            KeyBinding(keys: [.escape], hint: KeyHint("Esc", "leave it"), action: cancel),
        ], layout: KeyTable.dialogLayout)
    }
}
