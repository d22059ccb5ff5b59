import CareQueueCore
import Foundation

/// One ordering provider's orders and referrals still awaiting their result, and how many of
/// those are late (unresulted past their expected time).
public struct AwaitingCount: Sendable, Equatable {
    /// The ordering provider's NPI as the order named it; nil when it named none.
    public var orderingNPI: String?
    public var awaiting: Int
    public var late: Int

    public init(orderingNPI: String?, awaiting: Int, late: Int) {
        self.orderingNPI = orderingNPI
        self.awaiting = awaiting
        self.late = late
    }
}

/// The awaiting counts per ordering provider as of one instant.
public struct AwaitingCounts: Sendable, Equatable {
    /// By ordering NPI; providers with nothing awaiting are left out.
    public var counts: [AwaitingCount]
    /// The next instant an awaited order becomes late by the clock alone; nil when none can.
    public var nextLateAt: Date?

    public init(counts: [AwaitingCount] = [], nextLateAt: Date? = nil) {
        self.counts = counts
        self.nextLateAt = nextLateAt
    }
}

/// A window of awaiting orders, late ones first, then oldest first.
public struct AwaitingWindow: Sendable, Equatable {
    /// Awaiting orders in the scope, and how many of them are late.
    public var total: Int
    public var late: Int
    public var orders: [TrackedOrder]
}

extension CareQueueDatabase {
    /// Orders and referrals awaiting their result per ordering provider, late ones counted as of
    /// `now`: one grouped read of `orders_awaiting_queue`.
    public func awaitingCounts(at now: Date) throws -> AwaitingCounts {
        try engine.read { db in try Self.awaitingCounts(at: now, db) }
    }

    static func awaitingCounts(at now: Date, _ db: any SQLConnection) throws -> AwaitingCounts {
        let late = AwaitingSQL.late(at: now)
        // The soonest expected time not yet late, as text: stored times sort as they fall.
        let rows = try db.fetchAll("""
            SELECT o.ordering_npi, COUNT(*), SUM(\(late.sql)),
                MIN(CASE WHEN o.state = 'ordered' AND \(late.sql) = 0 THEN o.expected_by END)
            FROM orders o \(db.dialect.indexedBy("orders_awaiting_queue")) WHERE \(AwaitingSQL.awaiting)
            GROUP BY o.ordering_npi
            """) {
            $0.add(late.value)
            $0.add(late.value)
        }
        var counts: [AwaitingCount] = []
        var next: Date?
        for row in rows {
            counts.append(AwaitingCount(orderingNPI: row[0], awaiting: row[1], late: row[2]))
            if let soonest = (row[3] as String?).flatMap(StoreTime.date) { next = min(next ?? soonest, soonest) }
        }
        // SQLite's grouping order (no NPI first, then by NPI); PostgreSQL's hash grouping has none.
        counts.sort { ($0.orderingNPI == nil ? 0 : 1, $0.orderingNPI ?? "") < ($1.orderingNPI == nil ? 0 : 1, $1.orderingNPI ?? "") }
        return AwaitingCounts(counts: counts, nextLateAt: next)
    }

    /// At most `limit` awaiting orders of `scope` from position `offset` — late ones first, then
    /// oldest order first — with how many await and how many are late, as of `now`.
    public func awaitingOrders(_ scope: OrdererScope, offset: Int, limit: Int, at now: Date) throws -> AwaitingWindow {
        try engine.read { db in
            let late = AwaitingSQL.late(at: now)
            let (condition, scopeValues) = scope.condition
            let from = "FROM orders o \(db.dialect.indexedBy("orders_awaiting_queue")) WHERE \(AwaitingSQL.awaiting)\(condition)"
            let tally = try db.fetchOne("SELECT COUNT(*), COALESCE(SUM(\(late.sql)), 0) \(from)") {
                $0.add(late.value)
                for value in scopeValues { $0.add(value) }
            }
            let ids = try db.values(Int64.self, """
                SELECT o.id \(from) ORDER BY \(late.sql) DESC, o.ordered_at, o.id LIMIT ? OFFSET ?
                """) {
                for value in scopeValues { $0.add(value) }
                $0.add(late.value)
                $0.add(max(0, limit))
                $0.add(max(0, offset))
            }
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            let byID = ids.isEmpty ? [:] : Dictionary(
                try db.fetchAll("\(OrderRows.select) WHERE o.id IN (\(marks))") { for id in ids { $0.add(id) } }
                    .map(OrderRows.order).map { ($0.id, $0) },
                uniquingKeysWith: { first, _ in first })
            return AwaitingWindow(total: tally?[0] ?? 0, late: tally?[1] ?? 0, orders: ids.compactMap { byID[$0] })
        }
    }

    /// Moves with every write that can change what awaits (`orders_version`).
    static func ordersVersion(_ db: any SQLConnection) throws -> Int64 {
        try db.value(Int64.self, "SELECT value FROM orders_version") ?? 0
    }
}
