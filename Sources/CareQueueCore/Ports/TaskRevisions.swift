import Foundation

/// What the dashboard writes besides the four actions: undoing one, re-opening a closed task,
/// a note kept from a refused action, and claims. Called off the main thread; never throws.
public protocol TaskRevisions: Sendable {
    /// Restores task `id` to what it was before `user`'s latest action on it, if nobody changed it since.
    func undoLatestAction(onTask id: Int64, by user: String, at now: Date) -> ActionOutcome
    /// Re-opens closed task `id` with a new clock; `note` says why.
    func reopen(task id: Int64, note: String, by user: String, at now: Date) -> ActionOutcome
    /// Adds `note` to task `id`'s history, whatever its status.
    func addNote(_ note: String, toTask id: Int64, by user: String, at now: Date) -> ActionOutcome
    /// Records how the patient of task `id` wants to be reached (for all their tasks).
    func setContactPreference(_ preference: ContactPreference, forTaskOf id: Int64, by user: String,
                              at now: Date) -> ActionOutcome
    /// Claims task `id` for `user` from `now` (a soft lock; failures only cost the warning to others);
    /// for `.viewing`, only when nobody else holds a live claim on it.
    func claim(task id: Int64, by user: String, at now: Date, purpose: ClaimPurpose)
}

/// Everything the dashboard writes.
public typealias DashboardWrites = TaskActions & TaskRevisions & ReviewWrites
