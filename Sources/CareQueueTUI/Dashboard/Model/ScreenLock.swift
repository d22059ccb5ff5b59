import CareQueueCore
import Foundation

/// The locked screen: when it locked, what has been typed towards the account name, and why the last
/// Enter did not unlock. A guard against a passer-by's glance, not a password.
public struct ScreenLock: Equatable, Sendable {
    public var since: Date
    public var typed: String
    public var problem: String?

    public init(since: Date, typed: String = "", problem: String? = nil) {
        self.since = since
        self.typed = typed
        self.problem = problem
    }

    /// The longest text the unlock field takes.
    static let maximumLength = 64

    /// Said on the lock screen after an Enter with another name.
    static let wrongAccount = "Not this session's account"

    /// Locks `state` when it has gone `idleLock` without a key; the kiosk board never locks.
    static func lockIfIdle(_ state: inout DashboardState) -> [DashboardEffect] {
        guard state.lock == nil, !state.settings.kiosk, let idleLock = state.settings.idleLock,
              state.now.timeIntervalSince(state.lastKeyAt) >= idleLock else { return [] }
        // Dialogs, typed notes and the filter stay in the state for when it unlocks; they are only hidden.
        state.lock = ScreenLock(since: state.now)
        return [.recordAccess(.screenLocked)]
    }

    /// Enter on the lock screen: the account name unlocks and re-reads what was on screen; anything
    /// else clears the field and says so.
    static func submit(in state: inout DashboardState) -> [DashboardEffect] {
        guard let lock = state.lock else { return [] }
        let typed = lock.typed.trimmingCharacters(in: .whitespaces)
        guard !typed.isEmpty, typed == state.settings.accountName else {
            state.lock = ScreenLock(since: lock.since, problem: wrongAccount)
            return []
        }
        state.lock = nil
        state.lastKeyAt = state.now
        return [.recordAccess(.screenUnlocked)] + Dashboard.reloads(for: state)
    }
}
