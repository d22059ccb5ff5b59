import CareQueueCore
import Foundation

extension CareQueueDatabase {
    /// Records how the patient of task `id` wants to be reached (for all their tasks, later ones
    /// included), with an audit row on that task naming the preference and the one it replaced.
    public func setContactPreference(_ preference: ContactPreference, forTaskOf id: Int64, by user: String,
                                     at now: Date) throws {
        let now = StoreTime.truncated(now)
        let found = try writeAudited { db, audit in
            guard let mrn = try db.value(String.self, "SELECT patient_mrn FROM tasks WHERE id = ?", { $0.add(id) }),
                  !mrn.isEmpty else { return false }
            let before = try ContactPreferenceRows.preferences(mrns: [mrn], db)[mrn]
            try db.execute("""
                INSERT INTO contact_preferences (patient_mrn, preference, set_by, set_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (patient_mrn) DO UPDATE SET
                    preference = excluded.preference, set_by = excluded.set_by, set_at = excluded.set_at
                """) {
                $0.add(mrn)
                $0.add(preference.rawValue)
                $0.add(user)
                $0.add(now)
            }
            try audit.append(at: now, user: user, action: ContactPreference.auditAction, taskID: id,
                             detailsJSON: JSONText.object(raw: [
                                 "preference": JSONText.quoted(preference.rawValue),
                                 "before": JSONText.nullable(before?.rawValue),
                             ]), db)
            return true
        }
        if !found { throw TaskActionError.unknownTask(id) }
    }
}

enum ContactPreferenceRows {
    /// The recorded preferences of the patients of the tasks `filter` selects (a `WHERE … ORDER BY … LIMIT`
    /// tail, whose values `bind` binds).
    static func preferences(forTasks filter: String, _ bind: (inout SQLBindings) -> Void,
                            _ db: any SQLConnection) throws -> [String: ContactPreference] {
        collect(try db.fetchAll("""
            SELECT patient_mrn, preference FROM contact_preferences
            WHERE patient_mrn IN (SELECT patient_mrn FROM tasks \(filter))
            """, bind))
    }

    static func preferences(mrns: [String], _ db: any SQLConnection) throws -> [String: ContactPreference] {
        guard !mrns.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: mrns.count).joined(separator: ", ")
        return collect(try db.fetchAll("""
            SELECT patient_mrn, preference FROM contact_preferences WHERE patient_mrn IN (\(marks))
            """) { for mrn in mrns { $0.add(mrn) } })
    }

    private static func collect(_ rows: [SQLRow]) -> [String: ContactPreference] {
        var byMRN: [String: ContactPreference] = [:]
        for row in rows {
            if let preference = ContactPreference(rawValue: row["preference"]) { byMRN[row["patient_mrn"]] = preference }
        }
        return byMRN
    }
}
