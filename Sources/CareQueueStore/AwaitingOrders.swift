import CareQueueCore
import Foundation
import GRDB

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
        try read { db in try Self.awaitingCounts(at: now, db) }
    }

    static func awaitingCounts(at now: Date, _ db: Database) throws -> AwaitingCounts {
        let late = AwaitingSQL.late(at: now)
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT o.ordering_npi, COUNT(*), SUM(\(late.sql)),
                MIN(CASE WHEN o.state = 'ordered' AND NOT \(late.sql) THEN \(AwaitingSQL.expected) END)
            FROM orders o INDEXED BY orders_awaiting_queue WHERE \(AwaitingSQL.awaiting)
            GROUP BY o.ordering_npi
            """), arguments: late.arguments + late.arguments)
        var counts: [AwaitingCount] = []
        var next: Double?
        for row in rows {
            counts.append(AwaitingCount(orderingNPI: row[0], awaiting: row[1], late: row[2]))
            if let soonest: Double = row[3] { next = min(next ?? soonest, soonest) }
        }
        return AwaitingCounts(counts: counts, nextLateAt: next.map(Date.init(timeIntervalSince1970:)))
    }

    /// At most `limit` awaiting orders of `scope` from position `offset` — late ones first, then
    /// oldest order first — with how many await and how many are late, as of `now`.
    public func awaitingOrders(_ scope: OrdererScope, offset: Int, limit: Int, at now: Date) throws -> AwaitingWindow {
        try read { db in
            let late = AwaitingSQL.late(at: now)
            let (condition, scopeArguments) = scope.condition
            let tally = try Row.fetchOne(db, sql: """
                SELECT COUNT(*), COALESCE(SUM(\(late.sql)), 0) FROM orders o INDEXED BY orders_awaiting_queue
                WHERE \(AwaitingSQL.awaiting)\(condition)
                """, arguments: late.arguments + scopeArguments)
            let ids = try Int64.fetchAll(db, sql: """
                SELECT o.id FROM orders o INDEXED BY orders_awaiting_queue WHERE \(AwaitingSQL.awaiting)\(condition)
                ORDER BY \(late.sql) DESC, o.ordered_at, o.id LIMIT ? OFFSET ?
                """, arguments: scopeArguments + late.arguments + [max(0, limit), max(0, offset)])
            let marks = Array(repeating: "?", count: ids.count).joined(separator: ", ")
            let byID = ids.isEmpty ? [:] : Dictionary(
                try Row.fetchAll(db, sql: "\(OrderRows.select) WHERE o.id IN (\(marks))", arguments: StatementArguments(ids))
                    .map(OrderRows.order).map { ($0.id, $0) },
                uniquingKeysWith: { first, _ in first })
            return AwaitingWindow(total: tally?[0] ?? 0, late: tally?[1] ?? 0, orders: ids.compactMap { byID[$0] })
        }
    }

    /// Moves with every write that can change what awaits (`orders_version`).
    static func ordersVersion(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT value FROM orders_version")) ?? 0
    }
}
