import Foundation

/// One line of the charge-nurse board: one queue's open tasks of one tier.
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

    public init(key: QueueKey, name: String, urgency: Urgency, open: Int = 0, overdue: Int = 0, escalated: Int = 0,
                dueSoon: Int = 0) {
        self.key = key
        self.name = name
        self.urgency = urgency
        self.open = open
        self.overdue = overdue
        self.escalated = escalated
        self.dueSoon = dueSoon
    }
}

/// The board's counts, per queue and tier.
public protocol BoardData {
    /// Every queue × tier with open tasks as of `now` (in any order: the board sorts them).
    func boardRows(at now: Date) throws -> [BoardRow]
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

/// Everything the board, review list, filter, reassign picker and worklist read.
public typealias DashboardViewData = BoardData & ReviewData & PatientSearchData & RosterData & WorklistData
