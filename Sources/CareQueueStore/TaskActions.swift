import CareQueueCore
import Foundation

/// A task as a coordinator's action sees it, with the row version it was read at.
public struct TaskSnapshot: Sendable, Equatable {
    public var id: Int64
    /// The write succeeds only while the row still has this version (the optimistic check).
    public var version: Int64
    public var state: TaskActionState
}

/// What a coordinator's action did.
public struct TaskActionOutcome: Sendable, Equatable {
    public var taskID: Int64
    public var action: TaskAction
    public var before: LifecycleState
    public var after: LifecycleState
    /// True when this action stopped the tier's clock (DESIGN.md "the clock stops when").
    public var stoppedClock: Bool
    /// The receiving provider's roster name, for a reassignment.
    public var assignedName: String?
    /// The outbox row written for the EHR, when `[outbound]` asks for this event.
    public var outboxID: Int64?
}

/// Why a coordinator's action was not recorded; `description` is the one line the user sees.
public enum TaskActionError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownTask(Int64)
    /// The lifecycle refuses the action on the task as it is now ("task is already closed by X at T").
    case refused(LifecycleRefusal)

    public var description: String {
        switch self {
        case .unknownTask(let id): return "no task with id \(id)"
        case .refused(let refusal): return refusal.description
        }
    }
}

extension CareQueueDatabase {
    /// How often an action re-reads and retries after someone else changed the task first.
    static let conflictRetries = 5

    /// The task `id` as an action sees it.
    public func snapshot(ofTask id: Int64) throws -> TaskSnapshot {
        let required = workflow.signoffRequired
        guard let snapshot = try engine.read({ db in try TaskActionRows.snapshot(id, signoffRequired: required, db) }) else {
            throw TaskActionError.unknownTask(id)
        }
        return snapshot
    }

    /// Reads task `id` and applies `action` to it (see `perform(_:on:by:at:)`).
    @discardableResult
    public func perform(_ action: TaskAction, onTask id: Int64, by user: String, at now: Date) throws -> TaskActionOutcome {
        try perform(action, on: try snapshot(ofTask: id), by: user, at: now)
    }

    /// Applies `action` to the task as `snapshot` saw it, with an audit row, in one transaction.
    ///
    /// The row is written only if its version is still the snapshot's. When someone changed it
    /// first, the task is re-read and the lifecycle decides again on what is there now: a close
    /// that lost the race is refused with who closed it and when, never written over it. The check
    /// is the UPDATE's own (`version = ?`), so it holds for writers on several PostgreSQL hosts too.
    @discardableResult
    public func perform(_ action: TaskAction, on snapshot: TaskSnapshot, by user: String,
                        at now: Date) throws -> TaskActionOutcome {
        let now = StoreTime.truncated(now)
        let account = osUser
        let outbox = outboxPolicy
        var current = snapshot
        for _ in 0..<Self.conflictRetries {
            let seen = current
            let result = try writeAudited { db, audit in
                try TaskActionRows.write(action, on: seen, by: user, account: account, at: now, outbox: outbox,
                                         audit: audit, db)
            }
            switch result {
            case .done(let outcome): return outcome
            case .refused(let refusal): throw TaskActionError.refused(refusal)
            case .conflict: current = try self.snapshot(ofTask: snapshot.id)
            }
        }
        throw TaskActionError.refused(LifecycleRefusal("task \(snapshot.id) kept changing while saving; try again"))
    }
}

/// Reading and writing the columns a coordinator's action touches.
enum TaskActionRows {
    enum Written {
        case done(TaskActionOutcome)
        case refused(LifecycleRefusal)
        /// The row's version moved since the snapshot: nothing was written.
        case conflict
    }

    static func snapshot(_ id: Int64, signoffRequired: [Urgency], _ db: any SQLConnection) throws -> TaskSnapshot? {
        guard let record = try db.fetchOne("SELECT * FROM tasks WHERE id = ?", { $0.add(id) }).map(TaskRecord.init)
        else { return nil }
        var state = record.actionState
        state.lifecycle.signoff = record.signoffState(required: signoffRequired,
                                                      names: try RosterRows.providers(db).namesByNPI)
        return TaskSnapshot(id: record.id, version: record.version, state: state)
    }

    /// Writes the after-state the lifecycle decided, if the row is still at the snapshot's version.
    /// `account` is the process's operating-system account: whom a sign-off is by. The message
    /// `[outbound]` asks for the action is written to the outbox in the same transaction.
    static func write(_ action: TaskAction, on task: TaskSnapshot, by user: String, account: String, at now: Date,
                      outbox: OutboxPolicy, audit: AuditTrail, _ db: any SQLConnection) throws -> Written {
        let roster: Roster
        switch action {
        case .reassign, .signOff: roster = try RosterRows.roster(db)
        default: roster = Roster()
        }
        let effect: TaskActionEffect
        switch Lifecycle.perform(action, on: task.state, by: user, at: now, roster: roster, account: account) {
        case .failure(let refusal): return .refused(refusal)
        case .success(let decided): effect = decided
        }

        let after = effect.after
        let signed = after.lifecycle.signoff.signed
        let changed = try db.execute("""
            UPDATE tasks SET status = ?, assigned_npi = ?, attempts = ?, acknowledged_at = ?, acknowledged_by = ?,
                closed_at = ?, closed_by = ?, close_outcome = ?, close_note = ?, covering_for_npi = ?,
                routing_explanation = ?, manually_reassigned = ?, due_at = ?, clock_stopped_at = ?, callback_at = ?,
                signed_off_at = ?, signed_off_by = ?, signed_off_npi = ?, signoff_note = ?,
                version = version + 1, updated_at = ?
            WHERE id = ? AND version = ?
            """) {
            $0.add(after.lifecycle.status.rawValue)
            $0.add(after.lifecycle.assignedNPI)
            $0.add(after.lifecycle.failedAttempts)
            $0.add(after.acknowledgedAt)
            $0.add(after.acknowledgedBy)
            $0.add(after.closure?.at)
            $0.add(after.closure?.by)
            $0.add(after.closure?.outcome.rawValue)
            $0.add(after.closure?.note)
            $0.add(after.coveringForNPI)
            $0.add(after.routingExplanation)
            $0.add(after.manuallyReassigned)
            $0.add(after.dueAt)
            $0.add(after.clockStoppedAt)
            $0.add(after.callbackAt)
            $0.add(signed?.at)
            $0.add(signed?.providerName)
            $0.add(signed?.npi)
            $0.add(signed?.note)
            $0.add(now)
            $0.add(task.id)
            $0.add(task.version)
        }
        guard changed == 1 else { return .conflict }

        // `before` holds every column written above and `version` the row's new version: what undo restores and checks.
        var details = ["before": fields(task.state), "after": fields(after), "version": String(task.version + 1)]
        switch action {
        case .attempt(let outcome, let note, let callbackAt):
            let attemptID = try db.insertReturningID("""
                INSERT INTO attempts (task_id, at, "user", outcome, note) VALUES (?, ?, ?, ?, ?)
                """) {
                $0.add(task.id)
                $0.add(now)
                $0.add(user)
                $0.add(outcome.rawValue)
                $0.add(note)
            }
            details["attempt_id"] = String(attemptID)
            details["outcome"] = JSONText.quoted(outcome.rawValue)
            details["note"] = JSONText.quoted(note)
            details["callback_at"] = JSONText.nullable(callbackAt.map(StoreTime.text))
        case .close(let outcome, let note):
            // Nobody works on a closed task: its claim goes with it.
            try TaskClaimRows.release(task.id, db)
            details["outcome"] = JSONText.quoted(outcome.rawValue)
            details["note"] = JSONText.quoted(note)
        case .reassign(_, let note):
            details["note"] = JSONText.quoted(note)
        case .signOff:
            details["provider"] = JSONText.nullable(signed?.providerName)
            details["npi"] = JSONText.nullable(signed?.npi)
            details["note"] = JSONText.quoted(signed?.note ?? "")
        case .acknowledge:
            break
        }
        try audit.append(at: now, user: user, action: action.name, taskID: task.id,
                         detailsJSON: JSONText.object(raw: details), db)
        var outboxID: Int64?
        if let event = outboundEvent(action) {
            outboxID = try OutboxRows.enqueue(event.kind, taskID: task.id, at: now, user: user, account: account,
                                              outcome: event.outcome, note: event.note, callbackAt: event.callbackAt,
                                              auditSeq: audit.latestSeq, policy: outbox, db)
        }
        return .done(TaskActionOutcome(taskID: task.id, action: action, before: task.state.lifecycle,
                                       after: after.lifecycle, stoppedClock: effect.stoppedClock,
                                       assignedName: effect.assignedName, outboxID: outboxID))
    }

    /// The outbound event an action reports, if any: acknowledging and reassigning stay inside CareQueue.
    private static func outboundEvent(_ action: TaskAction) -> (kind: OutboundEvent.Kind, outcome: String?, note: String,
                                                                 callbackAt: Date?)? {
        switch action {
        case .attempt(let outcome, let note, let callbackAt): return (.attempt, outcome.rawValue, note, callbackAt)
        case .close(let outcome, let note): return (.close, outcome.rawValue, note, nil)
        case .signOff(let note): return (.signoff, nil, note, nil)
        case .acknowledge, .reassign: return nil
        }
    }

    /// The before/after fields of an action's audit row: each column the action writes, by its name
    /// and as stored (text, null or a number), so undo can write `before` back as it was.
    static func fields(_ task: TaskActionState) -> String {
        JSONText.object(raw: [
            "status": JSONText.quoted(task.lifecycle.status.rawValue),
            "assigned_npi": JSONText.nullable(task.lifecycle.assignedNPI),
            "attempts": String(task.lifecycle.failedAttempts),
            "acknowledged_at": JSONText.nullable(task.acknowledgedAt.map(StoreTime.text)),
            "acknowledged_by": JSONText.nullable(task.acknowledgedBy),
            "closed_at": JSONText.nullable(task.closure.map { StoreTime.text($0.at) }),
            "closed_by": JSONText.nullable(task.closure?.by),
            "close_outcome": JSONText.nullable(task.closure?.outcome.rawValue),
            "close_note": JSONText.nullable(task.closure?.note),
            "covering_for_npi": JSONText.nullable(task.coveringForNPI),
            "routing_explanation": JSONText.quoted(task.routingExplanation),
            "manually_reassigned": task.manuallyReassigned ? "1" : "0",
            "due_at": JSONText.nullable(task.dueAt.map(StoreTime.text)),
            "clock_stopped_at": JSONText.nullable(task.clockStoppedAt.map(StoreTime.text)),
            "callback_at": JSONText.nullable(task.callbackAt.map(StoreTime.text)),
            "signed_off_at": JSONText.nullable(task.lifecycle.signoff.signed.map { StoreTime.text($0.at) }),
            "signed_off_by": JSONText.nullable(task.lifecycle.signoff.signed?.providerName),
            "signed_off_npi": JSONText.nullable(task.lifecycle.signoff.signed?.npi),
            "signoff_note": JSONText.nullable(task.lifecycle.signoff.signed?.note),
        ])
    }

    /// The columns `fields` names: the UPDATE above writes exactly these (plus version and updated_at).
    static let restorableColumns = ["status", "assigned_npi", "attempts", "acknowledged_at", "acknowledged_by",
                                    "closed_at", "closed_by", "close_outcome", "close_note", "covering_for_npi",
                                    "routing_explanation", "manually_reassigned", "due_at", "clock_stopped_at",
                                    "callback_at", "signed_off_at", "signed_off_by", "signed_off_npi", "signoff_note"]

    /// Columns added after undo shipped: an action recorded before them restores them as NULL
    /// (they did not exist, so nothing can have been set).
    static let laterRestorableColumns: Set<String> = ["callback_at", "signed_off_at", "signed_off_by", "signed_off_npi",
                                                       "signoff_note"]
}

extension TaskRecord {
    /// The task as the lifecycle sees it; values a hand edit broke read as the defaults.
    var actionState: TaskActionState {
        TaskActionState(
            status: TaskStatus(rawValue: status) ?? .open, assignedNPI: assignedNPI, failedAttempts: attempts,
            urgency: Urgency(rawValue: urgency) ?? .routine, dueAt: dueAt.flatMap(StoreTime.date),
            clockStoppedAt: clockStoppedAt.flatMap(StoreTime.date),
            acknowledgedAt: acknowledgedAt.flatMap(StoreTime.date), acknowledgedBy: acknowledgedBy, closure: closure,
            coveringForNPI: coveringForNPI, routingExplanation: routingExplanation,
            manuallyReassigned: manuallyReassigned, callbackAt: callbackAt.flatMap(StoreTime.date),
            signoff: SignoffState(required: false, awaited: "", orderingNPI: orderingNPI, signed: signed),
            kind: TaskKind(rawValue: kind) ?? .result)
    }
}
