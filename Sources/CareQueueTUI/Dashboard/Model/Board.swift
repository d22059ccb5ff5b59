import CareQueueCore
import Foundation

/// One queue's line on the charge-nurse board: its tiers side by side.
public struct BoardQueueRow: Equatable, Sendable {
    public var key: QueueKey
    public var name: String
    /// The queue's counts per tier (a tier with nothing open is all zeros).
    public var critical: BoardRow
    public var abnormal: BoardRow
    public var routine: BoardRow

    public init(key: QueueKey, name: String, rows: [BoardRow] = []) {
        self.key = key
        self.name = name
        func tier(_ urgency: Urgency) -> BoardRow {
            rows.first { $0.urgency == urgency } ?? BoardRow(key: key, name: name, urgency: urgency)
        }
        critical = tier(.critical)
        abnormal = tier(.abnormal)
        routine = tier(.routine)
    }

    public var tiers: [BoardRow] { [critical, abnormal, routine] }

    func sum(_ count: (BoardRow) -> Int) -> Int { tiers.reduce(0) { $0 + count($1) } }

    /// What the board sorts by, most pressing first: overdue criticals, criticals not yet
    /// acknowledged, overdue abnormals, abnormals not yet acknowledged, overdue routine tasks,
    /// tasks at level 2, tasks due within 15 min, then all open.
    var risk: [Int] {
        [critical.overdue, critical.waiting, abnormal.overdue, abnormal.waiting, routine.overdue,
         sum(\.levelTwo), sum(\.dueSoon), sum(\.open)]
    }
}

/// The board's four numbers, read across the room.
public struct BoardTotals: Equatable, Sendable {
    /// Open criticals nobody has acknowledged yet.
    public var criticalWaiting: Int
    public var overdue: Int
    public var dueSoon: Int
    public var levelTwo: Int

    public init(criticalWaiting: Int, overdue: Int, dueSoon: Int, levelTwo: Int) {
        self.criticalWaiting = criticalWaiting
        self.overdue = overdue
        self.dueSoon = dueSoon
        self.levelTwo = levelTwo
    }

    public init(_ rows: [BoardQueueRow]) {
        criticalWaiting = rows.reduce(0) { $0 + $1.critical.waiting }
        overdue = rows.reduce(0) { $0 + $1.sum(\.overdue) }
        dueSoon = rows.reduce(0) { $0 + $1.sum(\.dueSoon) }
        levelTwo = rows.reduce(0) { $0 + $1.sum(\.levelTwo) }
    }
}

/// The charge-nurse board's order and its rules of thumb.
public enum Board {
    /// "Due within 15 min" on the board.
    public static let dueSoonWindow: TimeInterval = 15 * 60
    /// Hours of the shift trend.
    public static let trendHours = 12
    /// The trend and today's share move slowly: read again at most this often.
    public static let figuresRefresh: TimeInterval = 60

    /// One row per queue, the riskiest first (Unassigned by its risk like any queue), then by name.
    public static func queueRows(_ rows: [BoardRow]) -> [BoardQueueRow] {
        var byQueue: [QueueKey: [BoardRow]] = [:]
        for row in rows { byQueue[row.key, default: []].append(row) }
        return byQueue.map { key, rows in BoardQueueRow(key: key, name: rows[0].name, rows: rows) }
            .sorted { a, b in
                if a.risk != b.risk { return a.risk.lexicographicallyPrecedes(b.risk, by: >) }
                if a.name.lowercased() != b.name.lowercased() { return a.name.lowercased() < b.name.lowercased() }
                return a.key.description < b.key.description
            }
    }

    /// Escalated tasks on the board (the kiosk ticker's count).
    static func escalated(_ rows: [BoardQueueRow]) -> Int { rows.reduce(0) { $0 + $1.sum(\.escalated) } }
}
