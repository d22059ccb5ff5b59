import CareQueueCore
import Foundation

/// What an undo did.
public struct TaskUndoOutcome: Sendable, Equatable {
    public var taskID: Int64
    /// The audit action undone ("ack", "attempt", "close", "reassign").
    public var undoneAction: String
    /// The audit row of the undone action.
    public var undoneSeq: Int64
}

extension CareQueueDatabase {
    /// Restores task `id` to what it was before `user`'s latest action on it (the action's audit
    /// row keeps every column it wrote, as it was), deletes the call attempt it recorded, and
    /// appends a `task.undone` row naming it, in one transaction.
    ///
    /// Refused, saying who, when anyone changed the task after that action (the row's version
    /// moved), when the latest action on it is someone else's, when it was already undone, or when
    /// its message to the EHR has already left; a message still held is cancelled. Once only: the
    /// restoring UPDATE requires the version the action left, which the undo itself moves on.
    /// How long an action may be undone is the dashboard's `[ui] undo_window`, not the store's.
    @discardableResult
    public func undoLatestAction(onTask id: Int64, by user: String, at now: Date) throws -> TaskUndoOutcome {
        let now = StoreTime.truncated(now)
        let account = osUser
        let result = try writeAudited { db, audit in
            try TaskUndoRows.undo(id, by: user, account: account, at: now, audit: audit, db)
        }
        return try result.get()
    }
}

enum TaskUndoRows {
    static func undo(_ id: Int64, by user: String, account: String, at now: Date, audit: AuditTrail,
                     _ db: any SQLConnection) throws -> Result<TaskUndoOutcome, TaskActionError> {
        func refused(_ text: String) -> Result<TaskUndoOutcome, TaskActionError> {
            .failure(.refused(LifecycleRefusal("not undone: " + text)))
        }
        guard let version = try db.value(Int64.self, "SELECT version FROM tasks WHERE id = ?", { $0.add(id) }) else {
            return .failure(.unknownTask(id))
        }
        let undoable = TaskRevisionAudit.undoable.map { "'\($0)'" }.joined(separator: ", ")
        guard let action = try db.fetchOne("""
            SELECT * FROM audit WHERE task_id = ? AND action IN (\(undoable)) ORDER BY seq DESC LIMIT 1
            """, { $0.add(id) }).map(AuditEntryRecord.init)
        else { return refused("nothing was done to task \(id) that could be undone") }
        guard action.user == user, action.osUser == nil || action.osUser == account else {
            return refused("the latest action on task \(id) is \(who(action)) — only your own can be undone")
        }
        if let undone = try db.fetchOne("""
            SELECT * FROM audit WHERE task_id = ? AND action = ? AND seq > ? ORDER BY seq LIMIT 1
            """, {
                $0.add(id)
                $0.add(TaskRevisionAudit.undone)
                $0.add(action.seq)
            }).map(AuditEntryRecord.init) {
            return refused("your \(action.action) of task \(id) was already undone at \(undone.at)")
        }
        guard let recorded = RecordedAction(action.details) else {
            return refused("the \(action.action) of task \(id) was recorded before undo existed")
        }
        guard recorded.version == version else {
            return refused("task \(id) changed after your \(action.action): \(try changedBy(id, after: action.seq, db))")
        }
        if let sent = try OutboxRows.undoRefusal(actionSeq: action.seq, action: action.action, taskID: id, db) {
            return refused(sent)
        }

        let columns = TaskActionRows.restorableColumns
        let changed = try db.execute("""
            UPDATE tasks SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")), version = version + 1, updated_at = ?
            WHERE id = ? AND version = ?
            """) { bindings in
            for column in columns { recorded.bind(column, to: &bindings) }
            bindings.add(now)
            bindings.add(id)
            bindings.add(version)
        }
        guard changed == 1 else { return refused("task \(id) changed while undoing; try again") }
        if let attemptID = recorded.attemptID {
            try db.execute("DELETE FROM attempts WHERE id = ? AND task_id = ?") {
                $0.add(attemptID)
                $0.add(id)
            }
        }
        var details = [
            "undone_seq": String(action.seq),
            "undone_action": JSONText.quoted(action.action),
            "before": recorded.afterJSON,
            "after": recorded.beforeJSON,
        ]
        let cancelled = try OutboxRows.cancel(actionSeq: action.seq, taskID: id, at: now, db)
        if !cancelled.isEmpty { details["outbox_cancelled"] = "[" + cancelled.map(String.init).joined(separator: ",") + "]" }
        try audit.append(at: now, user: user, action: TaskRevisionAudit.undone, taskID: id, detailsJSON: JSONText.object(raw: details), db)
        return .success(TaskUndoOutcome(taskID: id, undoneAction: action.action, undoneSeq: action.seq))
    }

    /// "kim (close at 2026-03-01T14:02:11Z)": the first change to task `id` after audit row `seq`.
    private static func changedBy(_ id: Int64, after seq: Int64, _ db: any SQLConnection) throws -> String {
        let unchanging = (AccessAuditEntry.actions.sorted() + [TaskRevisionAudit.note]).map { "'\($0)'" }
            .joined(separator: ", ")
        guard let change = try db.fetchOne("""
            SELECT * FROM audit WHERE task_id = ? AND seq > ? AND action NOT IN (\(unchanging)) ORDER BY seq LIMIT 1
            """, {
                $0.add(id)
                $0.add(seq)
            }).map(AuditEntryRecord.init) else { return "its version moved on" }
        return who(change)
    }

    private static func who(_ row: AuditEntryRecord) -> String {
        "\(row.action) by \(row.user) at \(row.at)"
    }
}

/// What an action's audit row says it wrote: the columns before it, and the row version after it.
private struct RecordedAction {
    /// A column's value as the audit row kept it: text, a number, or null (absent).
    enum Value {
        case text(String)
        case integer(Int64)
    }

    var before: [String: Value]
    var version: Int64
    var attemptID: Int64?
    var beforeJSON: String
    var afterJSON: String

    /// nil when `details` lacks what undo needs (rows written before undo existed).
    init?(_ details: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(details.utf8)) as? [String: Any],
              let before = object["before"] as? [String: Any], let after = object["after"] as? [String: Any],
              let version = (object["version"] as? NSNumber)?.int64Value,
              TaskActionRows.restorableColumns.allSatisfy({ before[$0] != nil || TaskActionRows.laterRestorableColumns.contains($0) }),
              let beforeData = try? JSONSerialization.data(withJSONObject: before, options: [.sortedKeys]),
              let afterData = try? JSONSerialization.data(withJSONObject: after, options: [.sortedKeys])
        else { return nil }
        var values: [String: Value] = [:]
        for (column, value) in before {
            switch value {
            case let text as String: values[column] = .text(text)
            case let number as NSNumber: values[column] = .integer(number.int64Value)
            default: break
            }
        }
        self.before = values
        self.version = version
        self.attemptID = (object["attempt_id"] as? NSNumber)?.int64Value
        self.beforeJSON = String(decoding: beforeData, as: UTF8.self)
        self.afterJSON = String(decoding: afterData, as: UTF8.self)
    }

    /// Binds `column`'s value before the action (NULL when it had none, or did not exist yet).
    func bind(_ column: String, to bindings: inout SQLBindings) {
        switch before[column] {
        case .text(let text)?: bindings.add(text)
        case .integer(let number)?: bindings.add(number)
        case nil: bindings.addNull()
        }
    }
}
