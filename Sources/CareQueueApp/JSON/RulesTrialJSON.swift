import CareQueueCore
import Foundation

/// `rules try --json`: `{"messages": […], "skipped": […], "summary": {…}}`. Text from the messages
/// is escaped and capped as in the text form (`TrialShown`).
public struct RulesTrialJSON: Encodable {
    public let report: RulesTrialRun.Report

    public init(_ report: RulesTrialRun.Report) { self.report = report }

    public func encode(to encoder: any Encoder) throws {
        let summary = RulesTrialSummary(report.messages)
        let value: JSONValue = .object([
            "database": report.database.map(JSONValue.string) ?? .null,
            "messages": .array(report.messages.map(Self.message)),
            "skipped": .array(report.skipped.map(JSONValue.string)),
            "summary": .object([
                "messages": .integer(Int64(summary.messages)), "routed": .integer(Int64(summary.routed)),
                "unassigned": .integer(Int64(summary.unassigned)), "refused": .integer(Int64(summary.refused)),
                "duplicates": .integer(Int64(summary.duplicates)), "new_tasks": .integer(Int64(summary.newTasks)),
                "updated_tasks": .integer(Int64(summary.updatedTasks)), "orders": .integer(Int64(summary.orders)),
                "by_urgency": .object(Dictionary(uniqueKeysWithValues: Urgency.allCases.map {
                    ($0.rawValue, JSONValue.integer(Int64(summary.byUrgency[$0] ?? 0)))
                })),
            ]),
        ])
        try value.encode(to: encoder)
    }

    static func message(_ trial: TrialMessage) -> JSONValue {
        var refusal: JSONValue = .null
        var duplicateOf: JSONValue = .null
        let verdict: String
        switch trial.verdict {
        case .refused(let refused):
            verdict = "refused"
            refusal = .object(["ack_code": .string(refused.kind.rawValue), "error_code": .integer(Int64(refused.code.rawValue)),
                               "location": .string(refused.location), "reason": .string(TrialShown.text(refused.reason))])
        case .duplicate(let original):
            verdict = "duplicate"
            duplicateOf = .string(original)
        case .accepted:
            verdict = "accepted"
        }
        return .object([
            "label": .string(trial.label),
            "sender": identifier(trial.sender), "control_id": identifier(trial.controlID), "type": identifier(trial.type),
            "charset_warning": trial.charsetWarning.map { .string(TrialShown.text($0)) } ?? .null,
            "verdict": .string(verdict), "refusal": refusal, "duplicate_of": duplicateOf,
            "tasks": .array(trial.tasks.map(task)), "orders": .array(trial.orders.map(order)),
        ])
    }

    static func task(_ task: TrialTask) -> JSONValue {
        let (target, storedID): (String, JSONValue) = switch task.target {
        case .new: ("new", .null)
        case .stored(let id): ("task \(id)", .integer(id))
        case .earlier(let label): (label, .null)
        }
        return .object([
            "updates": .string(target), "task_id": storedID,
            "placer_number": identifier(task.placerNumber), "filler_number": identifier(task.fillerNumber),
            "test_code": .string(TrialShown.identifier(task.testCode)), "test": .string(TrialShown.text(task.testText)),
            "urgency": .string(task.urgency.rawValue), "urgency_reason": .string(TrialShown.text(task.urgencyReason)),
            "lab_tier_reason": task.lowerLabTier.map { .string(TrialShown.text($0.reason)) } ?? .null,
            "assigned_npi": task.routing.assignedNPI.map(JSONValue.string) ?? .null,
            "ordering_npi": task.routing.orderingNPI.map(JSONValue.string) ?? .null,
            "covering_for_npi": task.routing.coveringForNPI.map(JSONValue.string) ?? .null,
            "unassigned": .bool(task.isUnassigned), "queue": .string(task.queue),
            "routing": .string(TrialShown.text(task.routing.explanation)),
            "window_seconds": .integer(Int64(task.window)),
            "due_at": task.dueAt.map { .string(CLIJSON.instant($0)) } ?? .null,
            "closed_note": task.closedNote.map { .string(TrialShown.text($0)) } ?? .null,
            "retraction_review": .bool(task.retractionReview),
            "consult_note": task.consultNote.map { note in
                .object(["referral": identifier(note.referralID), "named": .array(note.named.map { .string(TrialShown.identifier($0)) })])
            } ?? .null,
        ])
    }

    static func order(_ order: TrialOrder) -> JSONValue {
        .object([
            "kind": .string(order.kind.rawValue), "action": .string(order.action.rawValue),
            "control": .string(TrialShown.identifier(order.control)),
            "placer_number": .string(TrialShown.identifier(order.placerNumber)),
            "test_code": .string(TrialShown.identifier(order.testCode)), "test": .string(TrialShown.text(order.testText)),
            "stat": .bool(order.stat),
            "ordered_at": order.orderedAt.map { .string(CLIJSON.instant($0)) } ?? .null,
            "expected_by": order.expectedBy.map { .string(CLIJSON.instant($0)) } ?? .null,
            "window_seconds": order.window.map { .integer(Int64($0)) } ?? .null,
            "window_rule": order.windowRule.map(JSONValue.string) ?? .null,
        ])
    }

    private static func identifier(_ value: String?) -> JSONValue {
        value.map { .string(TrialShown.identifier($0)) } ?? .null
    }
}
