import CareQueueCore
import Foundation
import GRDB

extension CareQueueDatabase {
    /// Open tasks in any queue whose MRN or patient name contains `text` (any case; "family,
    /// given" and "given family" both match), most urgent first: critical, then overdue, then due
    /// soonest. Returns at most `limit` ids from position `offset`, and how many match in all.
    public func openTaskIDs(matching text: String, offset: Int, limit: Int, at now: Date) throws -> (total: Int, ids: [Int64]) {
        let needle = text.trimmingCharacters(in: .whitespaces)
        guard !needle.isEmpty else { return (0, []) }
        let pattern = "%" + needle.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        let matching = """
            status <> 'closed' AND (patient_mrn LIKE ?1 ESCAPE '\\' OR patient_family LIKE ?1 ESCAPE '\\'
                OR patient_given LIKE ?1 ESCAPE '\\' OR (patient_family || ', ' || patient_given) LIKE ?1 ESCAPE '\\'
                OR (patient_family || ',' || patient_given) LIKE ?1 ESCAPE '\\'
                OR (patient_given || ' ' || patient_family) LIKE ?1 ESCAPE '\\')
            """
        let nowText = StoreTime.text(now)
        return try read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM tasks WHERE \(matching)", arguments: [pattern]) ?? 0
            let ids = try Int64.fetchAll(db, sql: """
                SELECT id FROM tasks WHERE \(matching)
                ORDER BY urgency <> 'critical', due_at IS NULL OR due_at > ?2, due_at IS NULL, due_at, id
                LIMIT ?3 OFFSET ?4
                """, arguments: [pattern, nowText, max(0, limit), max(0, offset)])
            return (total, ids)
        }
    }
}
