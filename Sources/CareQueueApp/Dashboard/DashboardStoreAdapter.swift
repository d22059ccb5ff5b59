import CareQueueCore
import CareQueueStore
import CareQueueTUI
import Foundation

/// The dashboard's reads from the CareQueue store: counts, one screenful of a queue, one task.
///
/// Every read is small (counts, the visible rows, one task), so it runs on the UI thread; WAL
/// readers never wait for the listener's writer.
public final class DashboardStoreAdapter: DashboardData, Sendable {
    /// Ticker entries read at most.
    public static let tickerLimit = 12
    /// The EHR's latest refusals read for the ticker, at most.
    public static let outboxFailureLimit = 5

    private let database: CareQueueDatabase
    private let awaiting: AwaitingTally

    public init(database: CareQueueDatabase) throws {
        self.database = database
        awaiting = AwaitingTally(database: database)
    }

    public func overview(at now: Date) throws -> DashboardOverview {
        let counts = try database.queueCounts(at: now)
        let providers = try database.providers()
        let names = providers.namesByNPI
        let byQueue = Dictionary(counts.map { ($0.providerNPI, $0) }, uniquingKeysWith: { first, _ in first })
        let orderers = AwaitingQueues.orderers(providers)
        let awaitingByQueue = AwaitingQueues.byQueue(try awaiting.counts(at: now), orderers: orderers)
        func summary(_ npi: String?) -> QueueSummary {
            let count = byQueue[npi] ?? QueueCounts(providerNPI: npi, open: 0, overdue: 0, critical: 0)
            let key: QueueKey = npi.map { .provider(npi: $0) } ?? .unassigned
            let awaiting = awaitingByQueue[key] ?? (0, 0)
            return QueueSummary(key: key, name: npi.map { names[$0] ?? $0 } ?? "Unassigned",
                                open: count.open, overdue: count.overdue, critical: count.critical,
                                criticalWaiting: count.criticalWaiting, awaiting: awaiting.awaiting,
                                awaitingLate: awaiting.late)
        }
        // Everyone who owns a queue, even an empty one, and any NPI holding tasks though off the roster.
        let owners = orderers.union(counts.compactMap(\.providerNPI))
        let queues = [summary(nil)] + owners.map(summary).sorted {
            ($0.name.lowercased(), $0.key.description) < ($1.name.lowercased(), $1.key.description)
        }
        return DashboardOverview(queues: queues, providerNames: names, heartbeat: Heartbeat.feed(of: try database.heartbeats(), at: now),
                                 reviewCount: try database.reviewCount(), ticker: try ticker(at: now, names: names),
                                 criticalWaiting: counts.reduce(0) { $0 + $1.criticalWaiting },
                                 newestCriticalWaitingID: try database.newestCriticalWaitingID(),
                                 outbox: try database.outboxSummary(recentFailures: Self.outboxFailureLimit),
                                 reviewEscalations: try database.recentReviewEscalations(limit: Self.tickerLimit))
    }

    public func queuePage(_ key: QueueKey, offset: Int, limit: Int, at now: Date) throws -> QueuePage {
        let window = try database.queueWindow(assignedNPI: key.npi, at: now, limit: max(0, limit), offset: max(0, offset))
        return QueuePage(key: key, offset: offset, total: window.total, rows: window.tasks)
    }

    public func taskDetail(id: Int64) throws -> TaskDetail? {
        guard let story = try database.taskStory(id: id) else { return nil }
        return TaskDetail(task: story.task, history: DashboardHistory.lines(story), outbox: story.outbox)
    }

    /// The latest recorded escalations, with the task each one is about.
    private func ticker(at now: Date, names: [String: String]) throws -> [TickerItem] {
        let escalations = try database.recentEscalations(limit: Self.tickerLimit)
        let tasks = Dictionary(try database.tasks(ids: escalations.map(\.taskID)).map { ($0.id, $0) },
                               uniquingKeysWith: { first, _ in first })
        return escalations.compactMap { escalation in
            guard let task = tasks[escalation.taskID] else { return nil }
            return TickerItem(taskID: task.id, at: escalation.dueAt, level: escalation.level, target: escalation.target,
                              reason: escalation.reason, urgency: task.urgency, patient: task.patient, test: task.test,
                              queueName: task.assignedNPI.map { names[$0] ?? $0 } ?? "Unassigned")
        }
    }
}
