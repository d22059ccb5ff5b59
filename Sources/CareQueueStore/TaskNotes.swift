import CareQueueCore
import Foundation

extension CareQueueDatabase {
    /// Adds `note` to task `id`'s history as a `task.note` audit row; the task itself is unchanged.
    public func addNote(_ note: String, toTask id: Int64, by user: String, at now: Date) throws {
        let now = StoreTime.truncated(now)
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        if let refusal = TaskNoting.refusal(note: note) { throw TaskActionError.refused(refusal) }
        let found = try writeAudited { db, audit in
            guard try db.value(Int64.self, "SELECT 1 FROM tasks WHERE id = ?", { $0.add(id) }) != nil else { return false }
            try audit.append(at: now, user: user, action: TaskRevisionAudit.note, taskID: id,
                             details: ["note": note], db)
            return true
        }
        if !found { throw TaskActionError.unknownTask(id) }
    }
}
