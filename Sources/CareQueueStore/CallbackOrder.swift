import CareQueueCore
import Foundation

/// Where callbacks that are due go in a queue or the worklist.
///
/// The order is: critical tasks (as always: running clocks, overdue first, then stopped clocks);
/// then the callbacks now due, critical first, then the earliest; then everything else in the
/// usual order. So a coordinator's due callback rises above every abnormal and routine task but
/// never above a critical one. A callback not yet due leaves its task where it is (shown dimmed
/// with its time): after an attempt a critical or abnormal clock has stopped, so it is already
/// near the end of its block.
///
/// Callbacks due are few (one per failed call, until the next attempt or the close), so they are
/// one short read of `tasks_open_callback`; the blocks around them stay ranges of the queue
/// indexes that leave those ids out — no sort of the queue, however deep the page.
enum CallbackOrder {
    /// A run of positions [offset, offset + count) of one part of the order.
    struct Slice: Equatable {
        enum Part: Equatable { case critical, due, rest }
        var part: Part
        var offset: Int
        var count: Int
    }

    /// The slices that make up positions [offset, offset + limit) when `critical` positions come
    /// first, then `due`, then the rest.
    static func slices(offset: Int, limit: Int, critical: Int, due: Int) -> [Slice] {
        var slices: [Slice] = []
        var position = max(0, offset)
        let end = position + max(0, limit)
        for (part, start, length) in [(Slice.Part.critical, 0, critical), (.due, critical, due),
                                      (.rest, critical + due, Int.max - critical - due)] {
            let from = max(position, start), to = min(end, start &+ length)
            guard from < to else { continue }
            slices.append(Slice(part: part, offset: from - start, count: to - from))
            position = to
        }
        return slices
    }
}

extension CareQueueDatabase {
    /// Ids at positions [offset, offset + limit) of `queues` and `tier` in the dashboard's order with
    /// due callbacks raised (see `CallbackOrder`); `criticalTotal` is how many critical open tasks
    /// are in scope (from the tally).
    static func windowIDs(queues: [String?]?, tier: Urgency?, criticalTotal: Int, at now: Date, limit: Int,
                          offset: Int, _ db: any SQLConnection) throws -> [Int64] {
        let due = try dueCallbacks(queues: queues, tier: tier, at: now, db)
        if due.isEmpty {
            let (sql, bindings) = worklistQuery(db.dialect, queues: queues, tier: tier)
            return try db.values(Int64.self, sql) {
                $0 = bindings
                $0.add(max(0, limit))
                $0.add(max(0, offset))
            }
        }
        let dueCritical = due.filter(\.critical).map(\.id)
        let dueRest = due.filter { !$0.critical }.map(\.id)
        var ids: [Int64] = []
        for slice in CallbackOrder.slices(offset: offset, limit: limit, critical: criticalTotal - dueCritical.count,
                                          due: due.count) {
            switch slice.part {
            case .due:
                ids += due.map(\.id).dropFirst(slice.offset).prefix(slice.count)
            case .critical, .rest:
                let critical = slice.part == .critical
                if tier.map({ ($0 == .critical) != critical }) == true { continue }
                let (sql, bindings) = worklistQuery(db.dialect, queues: queues, tier: tier, critical: critical,
                                                    excluding: critical ? dueCritical : dueRest)
                ids += try db.values(Int64.self, sql) {
                    $0 = bindings
                    $0.add(slice.count)
                    $0.add(slice.offset)
                }
            }
        }
        return ids
    }

    /// Open tasks in scope whose callback is due at `now`: critical first, then the earliest callback.
    static func dueCallbacks(queues: [String?]?, tier: Urgency?, at now: Date,
                             _ db: any SQLConnection) throws -> [(id: Int64, critical: Bool)] {
        var (conditions, bindings) = queueFilter(queues)
        conditions += ["callback_at IS NOT NULL", "status <> 'closed'", "callback_at <= ?"]
        bindings.add(StoreTime.text(now))
        if let tier {
            conditions.append("urgency = ?")
            bindings.add(tier.rawValue)
        }
        let bound = bindings
        let rows = try db.fetchAll("""
            SELECT id, urgency = 'critical' AS critical FROM tasks \(db.dialect.indexedBy("tasks_open_callback"))
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY urgency <> 'critical', callback_at, id
            """) { $0 = bound }
        return rows.map { (id: $0["id"], critical: $0["critical"]) }
    }
}
