import Foundation

/// A soft lock: someone opened the task or started an action on it, and others should know.
///
/// Claims never block and are not a status: they expire by themselves, and anyone may act on a
/// claimed task after saying so. They are operational state, not clinical actions, so they are
/// not audited (the actions they precede are).
public struct TaskClaim: Sendable, Equatable {
    /// The user label of whoever claimed it (`--user`, default the account name).
    public var by: String
    /// When it was claimed (the latest opening or action renews it).
    public var at: Date
    /// When it lapses.
    public var until: Date

    public init(by: String, at: Date, until: Date) {
        self.by = by
        self.at = at
        self.until = until
    }

    /// True while it has not lapsed.
    public func isActive(at now: Date) -> Bool { now < until }

    /// A live claim held by someone other than `user`: what other dashboards warn about.
    public func isForeign(to user: String, at now: Date) -> Bool { isActive(at: now) && by != user }
}

/// Why a task is claimed. Looking at a task leaves someone else's live claim alone (the detail then
/// says who is working on it); acting on it — after "act anyway" — takes the claim over.
public enum ClaimPurpose: Sendable, Equatable {
    case viewing
    case acting
}
