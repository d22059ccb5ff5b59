import Foundation

/// Which awaiting orders the dashboard's awaiting view lists: every queue's, or one queue's.
/// An order is in its ordering provider's queue when that provider is on the roster (one who
/// orders tests), else in Unassigned, as a result for them would be.
public enum AwaitingScope: Hashable, Sendable {
    case all
    case queue(QueueKey)
}

/// One line of the awaiting view: an order or referral still awaiting its result.
public struct AwaitingItem: Equatable, Sendable {
    public var order: TrackedOrder
    /// When `[turnaround]` expects its result at the latest.
    public var expectedBy: Date
    /// The queue it belongs to.
    public var queue: QueueKey

    public init(order: TrackedOrder, expectedBy: Date, queue: QueueKey) {
        self.order = order
        self.expectedBy = expectedBy
        self.queue = queue
    }

    /// Still unresulted at or past its expected time (a preliminary result is never late).
    public func isLate(at now: Date) -> Bool { order.state == .ordered && expectedBy <= now }
}

/// A window of the awaiting view: `rows` are positions `offset ..< offset + rows.count` of
/// `total`, late ones first, then oldest order first.
public struct AwaitingPage: Equatable, Sendable {
    public var scope: AwaitingScope
    public var offset: Int
    public var total: Int
    /// Of `total`, how many are late.
    public var late: Int
    public var rows: [AwaitingItem]

    public init(scope: AwaitingScope, offset: Int = 0, total: Int = 0, late: Int = 0, rows: [AwaitingItem] = []) {
        self.scope = scope
        self.offset = offset
        self.total = total
        self.late = late
        self.rows = rows
    }

    /// The row at list position `index`, when it is in this window.
    public func row(at index: Int) -> AwaitingItem? {
        let local = index - offset
        return rows.indices.contains(local) ? rows[local] : nil
    }
}

/// Orders and referrals awaiting their result.
public protocol AwaitingData {
    /// At most `limit` awaiting orders of `scope` from position `offset` as of `now`, and how many.
    func awaiting(_ scope: AwaitingScope, offset: Int, limit: Int, at now: Date) throws -> AwaitingPage
}
