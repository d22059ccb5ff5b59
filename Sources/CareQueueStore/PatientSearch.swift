import CareQueueCore
import Foundation

/// Open tasks found by find, one screenful, and how many match.
public struct PatientMatches: Equatable, Sendable {
    /// How many open tasks match, counted up to `PatientMatches.countLimit`.
    public var total: Int
    /// More than `total` match: counting stopped at the limit.
    public var totalIsLowerBound: Bool
    /// The screenful asked for: open tasks most urgent first, then closed ones newest first.
    public var ids: [Int64]
    /// Set when closed tasks were searched too: how many open and closed tasks match.
    public var split: MatchSplit? = nil

    /// Matches are counted up to this many; beyond it the count says "at least".
    public static let countLimit = 1_000
    /// The same for a needle of one or two characters, which most tasks contain: counting reads
    /// open tasks one by one, so it stops sooner.
    public static let shortCountLimit = 100
}

extension CareQueueDatabase {
    /// Open tasks in any queue whose MRN, patient name or test contains `text`, ignoring case and accents
    /// ("jose" finds José, "nguyen" Nguyễn; "family, given", "family,given" and "given family" all
    /// match), most urgent first: critical, then overdue, then due soonest. Returns at most `limit`
    /// ids from position `offset`, and how many match, counted up to `PatientMatches.countLimit`
    /// (`shortCountLimit` for one or two characters).
    ///
    /// Three characters or more go to the trigram index of open tasks (`task_search`): a needle
    /// that few tasks contain is read from it and sorted; one that many contain is read in order
    /// from `tasks_open_find` until the screenful is full. One or two characters (too short for a
    /// trigram) always take that ordered read. Counting stops at the limit, so no keystroke reads
    /// more than about a thousand matches, however many tasks there are (a one- or two-character
    /// needle that almost no task contains still reads every open task's entry once).
    public func openTaskIDs(matching text: String, offset: Int, limit: Int, at now: Date) throws -> PatientMatches {
        try openTaskIDs(matching: text, offset: offset, limit: limit, at: now, countLimits: (PatientMatches.countLimit,
                                                                                            PatientMatches.shortCountLimit))
    }

    /// `countLimits`: for three characters or more, and for fewer.
    func openTaskIDs(matching text: String, offset: Int, limit: Int, at now: Date,
                     countLimits: (long: Int, short: Int)) throws -> PatientMatches {
        let needle = SearchText.needle(text)
        guard !needle.isEmpty else { return PatientMatches(total: 0, totalIsLowerBound: false, ids: []) }
        let offset = max(0, offset), limit = max(0, limit)
        let long = needle.unicodeScalars.count >= SearchText.trigramLength
        let countLimit = long ? countLimits.long : countLimits.short
        return try engine.read { db in
            if long {
                let found = try db.values(Int64.self, Self.openMatchesSQL(db.dialect)) {
                    $0.add(Self.trigramPattern(needle, db.dialect))
                    $0.add(countLimit + 1)
                }
                if found.count <= countLimit {
                    return PatientMatches(total: found.count, totalIsLowerBound: false,
                                          ids: try Self.sorted(found, offset: offset, limit: limit, db))
                }
                return PatientMatches(total: countLimit, totalIsLowerBound: true,
                                      ids: try Self.inOrder(containing: needle, offset: offset, limit: limit, db))
            }
            let ids = try Self.inOrder(containing: needle, offset: offset, limit: limit, db)
            if ids.count < limit, !ids.isEmpty || offset == 0 {
                // The ordered read reached the end: everything before and in this window is all there is.
                return PatientMatches(total: offset + ids.count, totalIsLowerBound: false, ids: ids)
            }
            let counted = try db.value(Int.self, """
                SELECT COUNT(*) FROM (SELECT 1 FROM tasks \(db.dialect.indexedBy("tasks_open_find"))
                    WHERE status <> 'closed' AND \(db.dialect.containsBound("search_folded")) LIMIT ?) AS matches
                """) {
                $0.add(needle)
                $0.add(countLimit + 1)
            } ?? 0
            return PatientMatches(total: min(counted, countLimit), totalIsLowerBound: counted > countLimit, ids: ids)
        }
    }

    /// Up to `LIMIT ?` open tasks whose folded text contains the needle (`trigramPattern`), from the
    /// trigram index of open tasks: SQLite's FTS5 table, PostgreSQL's table with a pg_trgm GIN index
    /// (see `PostgresSchema`), both exact substring matches of the folded text.
    static func openMatchesSQL(_ dialect: SQLDialect) -> String {
        dialect == .sqlite ? "SELECT rowid FROM task_search WHERE task_search MATCH ? LIMIT ?"
            : "SELECT task_id FROM task_search WHERE document LIKE ? LIMIT ?"
    }

    /// `needle` as the trigram index is asked for it: an FTS5 phrase (quoted), or a LIKE pattern
    /// (`%` around it, `\`, `%` and `_` in it escaped: PostgreSQL's LIKE escapes with `\`).
    static func trigramPattern(_ needle: String, _ dialect: SQLDialect) -> String {
        switch dialect {
        case .sqlite:
            return "\"" + needle.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        case .postgres:
            let escaped = needle.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            return "%" + escaped + "%"
        }
    }

    /// `ids` (open tasks) in the dashboard's order, the window from `offset`.
    private static func sorted(_ ids: [Int64], offset: Int, limit: Int, _ db: any SQLConnection) throws -> [Int64] {
        guard !ids.isEmpty, limit > 0 else { return [] }
        // One statement per screenful of ids keeps the bound list under SQLite's variable limit.
        let rows = try ids.chunked(500).flatMap { chunk in
            try db.fetchAll("""
                SELECT id, urgency <> 'critical', due_at IS NULL, due_at FROM tasks
                WHERE id IN (\(Array(repeating: "?", count: chunk.count).joined(separator: ", "))) AND status <> 'closed'
                """) { for id in chunk { $0.add(id) } }
        }
        let keyed = rows.map { row -> (critical: Int, undated: Int, due: String, id: Int64) in
            (row[1], row[2], row[3] ?? "", row[0])
        }
        return keyed.sorted { ($0.critical, $0.undated, $0.due, $0.id) < ($1.critical, $1.undated, $1.due, $1.id) }
            .dropFirst(offset).prefix(limit).map(\.id)
    }

    /// Open tasks whose folded text contains `needle`, read in the dashboard's order from
    /// `tasks_open_find` (which holds the folded text) until the window is full.
    private static func inOrder(containing needle: String, offset: Int, limit: Int,
                                _ db: any SQLConnection) throws -> [Int64] {
        try db.values(Int64.self, """
            SELECT id FROM tasks \(db.dialect.indexedBy("tasks_open_find"))
            WHERE status <> 'closed' AND \(db.dialect.containsBound("search_folded"))
            ORDER BY \(urgencyOrder) LIMIT ? OFFSET ?
            """) {
            $0.add(needle)
            $0.add(limit)
            $0.add(offset)
        }
    }
}

private extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
