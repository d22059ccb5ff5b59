import Foundation

/// One queue's open tasks of one tier, as the charge-nurse board counts them.
public struct BoardRow: Equatable, Sendable {
    public var key: QueueKey
    /// The roster name, "Unassigned", or the bare NPI.
    public var name: String
    public var urgency: Urgency
    public var open: Int
    /// Open with a due time at or before now.
    public var overdue: Int
    /// Open at escalation level 1 or 2.
    public var escalated: Int
    /// Open, not yet overdue, due within `Board.dueSoonWindow`.
    public var dueSoon: Int
    /// Open with the clock still running: for critical and abnormal tasks, not yet acknowledged
    /// (no first action); for routine ones, not yet closed.
    public var waiting: Int
    /// Open at escalation level 2 (the supervisor or charge nurse was told).
    public var levelTwo: Int

    public init(key: QueueKey, name: String, urgency: Urgency, open: Int = 0, overdue: Int = 0, escalated: Int = 0,
                dueSoon: Int = 0, waiting: Int = 0, levelTwo: Int = 0) {
        self.key = key
        self.name = name
        self.urgency = urgency
        self.open = open
        self.overdue = overdue
        self.escalated = escalated
        self.dueSoon = dueSoon
        self.waiting = waiting
        self.levelTwo = levelTwo
    }
}

/// The shift's figures under the board's totals: what arrived and what was closed, hour by hour,
/// and how many of today's criticals were acknowledged in time.
public struct BoardFigures: Equatable, Sendable {
    /// Results received per hour, oldest hour first; the last entry is the hour ending now.
    public var receivedPerHour: [Int]
    /// Tasks closed per hour, the same hours.
    public var closedPerHour: [Int]
    /// Today's critical results (since local midnight) acknowledged within the critical window, of
    /// those decided (acknowledged, or past their window).
    public var criticalInWindow: Int
    public var criticalDecided: Int

    public init(receivedPerHour: [Int] = [], closedPerHour: [Int] = [], criticalInWindow: Int = 0, criticalDecided: Int = 0) {
        self.receivedPerHour = receivedPerHour
        self.closedPerHour = closedPerHour
        self.criticalInWindow = criticalInWindow
        self.criticalDecided = criticalDecided
    }

    /// The share acknowledged in time, 0…1; nil when no critical result of today is decided yet.
    public var criticalShare: Double? {
        criticalDecided > 0 ? Double(criticalInWindow) / Double(criticalDecided) : nil
    }
}

/// The board's counts, per queue and tier, and the shift's figures.
public protocol BoardData {
    /// Every queue × tier with open tasks as of `now` (in any order: the board sorts them).
    func boardRows(at now: Date) throws -> [BoardRow]
    /// The last `hours` hours' arrivals and closures, and today's critical acknowledgements (today
    /// starts at `dayStart`).
    func boardFigures(at now: Date, hours: Int, dayStart: Date) throws -> BoardFigures
}

/// The review list (messages answered AE/AR) and the bytes they arrived as.
public protocol ReviewData {
    /// Refused messages, oldest first.
    func reviewItems() throws -> [ReviewItem]
    /// The message exactly as received; nil when there is no such message.
    func rawMessage(id: Int64) throws -> [UInt8]?
}

/// How many tasks matched, counted up to a limit.
public struct MatchCount: Equatable, Sendable {
    public var count: Int
    /// More than `count` match: counting stopped there.
    public var isLowerBound: Bool

    public init(_ count: Int, isLowerBound: Bool = false) {
        self.count = count
        self.isLowerBound = isLowerBound
    }

    /// "12", or "1000+" when counting stopped.
    public var text: String { isLowerBound ? "\(count)+" : "\(count)" }
}

/// Find over open and closed tasks: how many of each match. The list holds the open matches
/// counted, then the closed ones.
public struct MatchSplit: Equatable, Sendable {
    public var open: MatchCount
    public var closed: MatchCount

    public init(open: MatchCount, closed: MatchCount) {
        self.open = open
        self.closed = closed
    }
}

/// One screenful of tasks found by MRN, patient name or test, and how many match.
public struct FoundTasks: Equatable, Sendable {
    /// How many match; with `totalIsLowerBound`, at least this many (counting stopped there).
    public var total: Int
    public var totalIsLowerBound: Bool
    public var rows: [TaskListItem]
    /// Set when closed tasks were searched too.
    public var split: MatchSplit?

    public init(total: Int, totalIsLowerBound: Bool = false, rows: [TaskListItem], split: MatchSplit? = nil) {
        self.total = total
        self.totalIsLowerBound = totalIsLowerBound
        self.rows = rows
        self.split = split
    }
}

extension FoundTasks {
    /// The matches as the window at `offset` of the list shown in place of `key`'s queue.
    public func page(key: QueueKey, offset: Int) -> QueuePage {
        QueuePage(key: key, offset: offset, total: total, totalIsLowerBound: totalIsLowerBound, rows: rows, split: split)
    }
}

/// Tasks found by MRN, patient name or test across every queue.
public protocol PatientSearchData {
    /// At most `limit` tasks from position `offset` whose MRN, name or test contains `text` (case
    /// and accents ignored): open ones most urgent first, then — with `includingClosed` and a text
    /// of at least `SearchText.trigramLength` characters — closed ones, newest first; and how many
    /// match, counted up to a limit.
    func tasks(matching text: String, includingClosed: Bool, offset: Int, limit: Int, at now: Date) throws -> FoundTasks
}

/// Who a task may be reassigned to.
public protocol RosterData {
    /// Roster physicians, NPs and PAs, by name.
    func reassignCandidates() throws -> [Provider]
    /// The coverage rows in force at `now`: who is away, and who takes their results.
    func coverage(activeAt now: Date) throws -> [Coverage]
}

/// Everything the board, review list, filter, reassign picker, worklist and awaiting view read.
public typealias DashboardViewData = BoardData & ReviewData & PatientSearchData & RosterData & WorklistData & AwaitingData
