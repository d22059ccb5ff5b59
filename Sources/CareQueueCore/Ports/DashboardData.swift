import Foundation

/// Which queue a row belongs to: the Unassigned one, or a provider's.
public enum QueueKey: Hashable, Sendable, CustomStringConvertible {
    case unassigned
    case provider(npi: String)

    /// The assigned NPI the queue holds; nil for Unassigned.
    public var npi: String? {
        switch self {
        case .unassigned: return nil
        case .provider(let npi): return npi
        }
    }

    public var description: String { npi ?? "unassigned" }
}

/// One line of the provider list: a queue and its open, overdue and critical counts, and the
/// orders and referrals of its provider awaiting their result.
public struct QueueSummary: Equatable, Sendable {
    public var key: QueueKey
    /// The roster name ("Dr Ada Chen"), "Unassigned", or the bare NPI when it is not on the roster.
    public var name: String
    public var open: Int
    /// Open with a running clock at or past its due time.
    public var overdue: Int
    public var critical: Int
    /// Critical with the clock still running: not yet acknowledged.
    public var criticalWaiting: Int
    /// Orders and referrals awaiting their result, and how many of them are late.
    public var awaiting: Int
    public var awaitingLate: Int

    public init(key: QueueKey, name: String, open: Int = 0, overdue: Int = 0, critical: Int = 0, criticalWaiting: Int = 0,
                awaiting: Int = 0, awaitingLate: Int = 0) {
        self.key = key
        self.name = name
        self.open = open
        self.overdue = overdue
        self.critical = critical
        self.criticalWaiting = criticalWaiting
        self.awaiting = awaiting
        self.awaitingLate = awaitingLate
    }
}

/// One entry of the escalation ticker: an escalation the sweep recorded.
public struct TickerItem: Equatable, Sendable {
    public var taskID: Int64
    /// When the escalation was due (the threshold instant).
    public var at: Date
    /// The level reached: 1 care coordinators, 2 supervisor or charge nurse.
    public var level: Int
    /// Who was told ("care coordinators", "supervisor Dr Okafor").
    public var target: String
    /// Why, in words ("critical not acted on within 30 min"); may be empty.
    public var reason: String
    public var urgency: Urgency
    public var patient: String
    public var test: String
    /// The queue the task sits in ("Dr Ada Chen", "Unassigned").
    public var queueName: String

    public init(taskID: Int64, at: Date, level: Int, target: String, reason: String = "", urgency: Urgency,
                patient: String, test: String, queueName: String) {
        self.taskID = taskID
        self.at = at
        self.level = level
        self.target = target
        self.reason = reason
        self.urgency = urgency
        self.patient = patient
        self.test = test
        self.queueName = queueName
    }
}

/// What the header, the provider list and the ticker show; re-read whenever the store changes.
public struct DashboardOverview: Equatable, Sendable {
    /// Every queue, Unassigned first (even when empty), then providers by name.
    public var queues: [QueueSummary]
    /// Roster names by NPI, for "covering for" and the detail view.
    public var providerNames: [String: String]
    /// The listener's latest heartbeat; nil when no listener ever ran on this database.
    public var heartbeat: Heartbeat?
    /// Messages waiting in the review list (AE/AR).
    public var reviewCount: Int
    /// Most recent first.
    public var ticker: [TickerItem]
    /// Open critical tasks not yet acknowledged, and the newest of them: either rising means a
    /// critical result arrived (or became critical) since the last read.
    public var criticalWaiting: Int
    public var newestCriticalWaitingID: Int64?
    /// Messages to the EHR: what waits, whether it answers, what it refused (for the header and ticker).
    public var outbox: OutboxSummary
    /// Review-list messages escalated for sitting open too long, most recent first (the ticker).
    public var reviewEscalations: [RecordedReviewEscalation]

    public init(queues: [QueueSummary] = [QueueSummary(key: .unassigned, name: "Unassigned")],
                providerNames: [String: String] = [:], heartbeat: Heartbeat? = nil, reviewCount: Int = 0,
                ticker: [TickerItem] = [], criticalWaiting: Int = 0, newestCriticalWaitingID: Int64? = nil,
                outbox: OutboxSummary = OutboxSummary(), reviewEscalations: [RecordedReviewEscalation] = []) {
        self.reviewEscalations = reviewEscalations
        self.queues = queues
        self.providerNames = providerNames
        self.heartbeat = heartbeat
        self.reviewCount = reviewCount
        self.ticker = ticker
        self.criticalWaiting = criticalWaiting
        self.newestCriticalWaitingID = newestCriticalWaitingID
        self.outbox = outbox
    }
}

/// A window onto one queue: `rows` are positions `offset ..< offset + rows.count` of `total`,
/// most urgent first (critical, then overdue, then due soonest).
public struct QueuePage: Equatable, Sendable {
    public var key: QueueKey
    public var offset: Int
    public var total: Int
    /// Find's matches only: more than `total` match (counting stopped there).
    public var totalIsLowerBound: Bool
    public var rows: [TaskListItem]
    /// Find over closed tasks too: how many open and closed tasks match (the open ones come first).
    public var split: MatchSplit?

    public init(key: QueueKey, offset: Int = 0, total: Int = 0, totalIsLowerBound: Bool = false,
                rows: [TaskListItem] = [], split: MatchSplit? = nil) {
        self.key = key
        self.offset = offset
        self.total = total
        self.totalIsLowerBound = totalIsLowerBound
        self.rows = rows
        self.split = split
    }

    /// The row at queue position `index`, when it is in this window.
    public func row(at index: Int) -> TaskListItem? {
        let local = index - offset
        return rows.indices.contains(local) ? rows[local] : nil
    }
}

/// One dated line of a task's history (an attempt, an escalation, an audit row).
public struct HistoryLine: Equatable, Sendable {
    public var at: Date
    /// Who acted ("jdoe", "carequeue"); may be empty.
    public var who: String
    public var what: String

    public init(at: Date, who: String, what: String) {
        self.at = at
        self.who = who
        self.what = what
    }
}

/// What happened to a task after it arrived, when the store can tell.
public struct TaskHistory: Equatable, Sendable {
    public var attempts: [HistoryLine]
    public var escalations: [HistoryLine]
    public var audit: [HistoryLine]

    public init(attempts: [HistoryLine] = [], escalations: [HistoryLine] = [], audit: [HistoryLine] = []) {
        self.attempts = attempts
        self.escalations = escalations
        self.audit = audit
    }
}

/// Everything the detail view shows about one task.
public struct TaskDetail: Equatable, Sendable {
    public var task: TaskListItem
    /// nil when the store keeps no history it can show (the detail view then says where to look).
    public var history: TaskHistory?
    /// The task's messages to the EHR, oldest first; empty when none was written.
    public var outbox: [OutboxEntry]

    public init(task: TaskListItem, history: TaskHistory? = nil, outbox: [OutboxEntry] = []) {
        self.task = task
        self.history = history
        self.outbox = outbox
    }
}

/// The store reads the dashboard makes. Each call is small: counts, one screenful of rows, one task.
public protocol DashboardData {
    /// Queues with counts as of `now`, the heartbeat, the review count, the latest ticker entries and
    /// the outbox's state.
    func overview(at now: Date) throws -> DashboardOverview
    /// At most `limit` rows of queue `key` from position `offset`, and the queue's total.
    func queuePage(_ key: QueueKey, offset: Int, limit: Int, at now: Date) throws -> QueuePage
    /// Task `id` whatever its status; nil when there is no such task.
    func taskDetail(id: Int64) throws -> TaskDetail?
}

/// How a coordinator's action ended.
public enum ActionOutcome: Equatable, Sendable {
    case done
    /// The core (or the store) refused, with the one line the user sees ("task is already closed by …").
    case refused(String)
}

/// Coordinator actions, through the same core the command line uses. Called off the main thread.
public protocol TaskActions: Sendable {
    /// Applies `action` to task `id` as `user` at `now`; never throws: failures are refusals.
    func perform(_ action: TaskAction, onTask id: Int64, by user: String, at now: Date) -> ActionOutcome
}
