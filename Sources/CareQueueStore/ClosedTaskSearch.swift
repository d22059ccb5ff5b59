import CareQueueCore
import Foundation

extension CareQueueDatabase {
    /// Find, with closed tasks on request: the open matches as `openTaskIDs` gives them (as many
    /// positions as were counted), then closed tasks whose folded text contains `text`, newest
    /// first (by task id). Closed tasks are read only through their trigram index
    /// (`task_search_closed`), so a needle shorter than `SearchText.trigramLength` finds open tasks
    /// alone (`split` is nil then, as without `includingClosed`). The closed read stops at the
    /// count limit, in the index's own order: no sort, however many closed tasks there are.
    public func taskIDs(matching text: String, includingClosed: Bool, offset: Int, limit: Int,
                        at now: Date) throws -> PatientMatches {
        try taskIDs(matching: text, includingClosed: includingClosed, offset: offset, limit: limit, at: now,
                    countLimits: (PatientMatches.countLimit, PatientMatches.shortCountLimit))
    }

    func taskIDs(matching text: String, includingClosed: Bool, offset: Int, limit: Int, at now: Date,
                 countLimits: (long: Int, short: Int)) throws -> PatientMatches {
        let open = try openTaskIDs(matching: text, offset: offset, limit: limit, at: now, countLimits: countLimits)
        guard includingClosed, SearchText.searchesClosed(text) else { return open }
        let offset = max(0, offset), limit = max(0, limit)
        // The list holds the open matches counted, then the closed ones.
        let openIDs = Array(open.ids.prefix(max(0, open.total - offset)))
        let closed = try closedTaskIDs(containing: SearchText.needle(text), countLimit: countLimits.long)
        let closedCount = min(closed.count, countLimits.long)
        let closedOffset = max(0, offset - open.total)
        let closedIDs = closed.prefix(closedCount).dropFirst(closedOffset).prefix(limit - openIDs.count)
        let split = MatchSplit(open: MatchCount(open.total, isLowerBound: open.totalIsLowerBound),
                               closed: MatchCount(closedCount, isLowerBound: closed.count > closedCount))
        return PatientMatches(total: open.total + closedCount,
                              totalIsLowerBound: split.open.isLowerBound || split.closed.isLowerBound,
                              ids: openIDs + closedIDs, split: split)
    }

    /// Up to `countLimit + 1` closed tasks containing `needle`, newest first: a read of the trigram
    /// index in descending id order that stops at the limit.
    private func closedTaskIDs(containing needle: String, countLimit: Int) throws -> [Int64] {
        try engine.read { db in
            try db.values(Int64.self, Self.closedMatchesSQL(db.dialect)) {
                $0.add(Self.trigramPattern(needle, db.dialect))
                $0.add(countLimit + 1)
            }
        }
    }

    /// Visible to tests, which assert its plan (SQLite's; PostgreSQL's is as `openMatchesSQL`).
    static func closedMatchesSQL(_ dialect: SQLDialect) -> String {
        dialect == .sqlite
            ? "SELECT rowid FROM task_search_closed WHERE task_search_closed MATCH ? ORDER BY rowid DESC LIMIT ?"
            : "SELECT task_id FROM task_search_closed WHERE document LIKE ? ORDER BY task_id DESC LIMIT ?"
    }
}
