import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation

/// The board, review list, find and reassign picker, read from the CareQueue store.
/// Each read is small (counts, a screenful of rows, one message) and runs on the UI thread.
public struct DashboardViewsAdapter: DashboardViewData {
    public let database: CareQueueDatabase
    /// The critical window, for today's share of criticals acknowledged in time.
    public let windows: CareQueueConfig.Windows
    /// When each order's result is expected, for the awaiting view.
    public let turnaround: CareQueueConfig.Turnaround

    public init(database: CareQueueDatabase, windows: CareQueueConfig.Windows = .init(),
                turnaround: CareQueueConfig.Turnaround = .init()) {
        self.database = database
        self.windows = windows
        self.turnaround = turnaround
    }

    public func boardRows(at now: Date) throws -> [BoardRow] {
        let names = try providerNames()
        return try database.boardCounts(at: now, dueSoonWithin: Board.dueSoonWindow).map { counts in
            BoardRow(key: counts.providerNPI.map { .provider(npi: $0) } ?? .unassigned,
                     name: counts.providerNPI.map { names[$0] ?? $0 } ?? "Unassigned", urgency: counts.urgency,
                     open: counts.open, overdue: counts.overdue, escalated: counts.escalated, dueSoon: counts.dueSoon,
                     waiting: counts.waiting, levelTwo: counts.levelTwo)
        }
    }

    public func boardFigures(at now: Date, hours: Int, dayStart: Date) throws -> BoardFigures {
        let trend = try database.boardTrend(at: now, hours: hours)
        let critical = try database.criticalAcknowledgement(from: dayStart, to: now, windows: windows)
        return BoardFigures(receivedPerHour: trend.received, closedPerHour: trend.closed,
                            criticalInWindow: critical.within, criticalDecided: critical.decided)
    }

    public func reviewItems() throws -> [ReviewItem] {
        try database.reviewList()
    }

    public func rawMessage(id: Int64) throws -> [UInt8]? {
        try database.rawMessage(id: id)
    }

    public func tasks(matching text: String, includingClosed: Bool, offset: Int, limit: Int, at now: Date) throws
        -> FoundTasks {
        let found = try database.taskIDs(matching: text, includingClosed: includingClosed, offset: offset, limit: limit,
                                         at: now)
        return FoundTasks(total: found.total, totalIsLowerBound: found.totalIsLowerBound,
                          rows: try database.tasks(ids: found.ids), split: found.split)
    }

    public func worklist(_ filter: WorklistFilter, account: String, offset: Int, limit: Int, at now: Date) throws
        -> WorklistPage {
        let worked = try database.queuesWorked(by: account)
        // One picked queue; else the queues worked, when "mine" and the roster names any; else all.
        let scope: [String?]? = filter.queue.map { [$0.npi] } ?? (filter.mine && !worked.isEmpty ? worked : nil)
        let window = try database.worklistWindow(queues: scope, tier: filter.tier, at: now, limit: max(0, limit),
                                                 offset: max(0, offset))
        return WorklistPage(filter: filter, found: FoundTasks(total: window.total, rows: try database.tasks(ids: window.ids)),
                            myQueues: worked.map { npi in npi.map { .provider(npi: $0) } ?? .unassigned })
    }

    public func awaiting(_ scope: AwaitingScope, offset: Int, limit: Int, at now: Date) throws -> AwaitingPage {
        let orderers = AwaitingQueues.orderers(try database.providers())
        let window = try database.awaitingOrders(AwaitingQueues.scope(scope, orderers: orderers),
                                                 offset: max(0, offset), limit: max(0, limit), at: now)
        return AwaitingPage(scope: scope, offset: offset, total: window.total, late: window.late, rows: window.orders.map { order in
            AwaitingItem(order: order, expectedBy: turnaround.expectedBy(order),
                         queue: AwaitingQueues.key(orderedBy: order.orderingNPI, orderers: orderers))
        })
    }

    public func reassignCandidates() throws -> [Provider] {
        // A retired person's queue is no longer worked: the lifecycle would refuse them anyway.
        try database.providers().filter { $0.role.ordersTests && $0.active }
            .sorted { ($0.name.lowercased(), $0.npi) < ($1.name.lowercased(), $1.npi) }
    }

    public func coverage(activeAt now: Date) throws -> [Coverage] {
        try database.roster().coverage.filter { $0.isActive(at: now) }
    }

    private func providerNames() throws -> [String: String] {
        try database.providers().namesByNPI
    }
}
