import Foundation

/// `rules try`'s text: one block per message, then the counts. Everything the message supplied is
/// shown with control characters visible and cut to a bounded length (`TrialShown`).
public enum RulesTrialText {
    /// `now`: the time the trial took the messages to arrive at (says when an order is already past due).
    public static func lines(_ trial: TrialMessage, at now: Date? = nil) -> [String] {
        var head = [trial.label, TrialShown.identifier(trial.type ?? "not HL7")]
        if let sender = trial.sender { head.append("from \(TrialShown.identifier(sender))") }
        if let controlID = trial.controlID { head.append("control id \(TrialShown.identifier(controlID))") }
        var lines = [head.joined(separator: "  ")]
        if let warning = trial.charsetWarning { lines.append("  charset: \(TrialShown.text(warning))") }
        switch trial.verdict {
        case .refused(let refusal):
            let location = refusal.location.isEmpty ? "" : " at \(refusal.location)"
            lines.append("  refused: \(refusal.kind.rawValue) \(refusal.code.rawValue)\(location): \(TrialShown.text(refusal.reason)) (review list)")
        case .duplicate(let original):
            lines.append("  duplicate of \(original): answered AA again, nothing new")
        case .accepted(let outcomes):
            if outcomes.isEmpty { lines.append("  accepted: nothing to track") }
            for outcome in outcomes {
                switch outcome {
                case .task(let task): lines += taskLines(task)
                case .order(let order): lines.append(orderLine(order, at: now))
                }
            }
        }
        return lines
    }

    /// "38 messages: 33 would route, 1 Unassigned, 3 refused, 1 duplicate; …"
    public static func summary(_ summary: RulesTrialSummary) -> String {
        let tiers = Urgency.allCases.reversed().map { "\(summary.byUrgency[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        return "\(count(summary.messages, "message")): \(summary.routed) would route, \(summary.unassigned) Unassigned, "
            + "\(summary.refused) refused, \(count(summary.duplicates, "duplicate")); "
            + "tasks: \(summary.newTasks) new, \(summary.updatedTasks) updated (\(tiers)); "
            + "\(count(summary.orders, "order")) tracked. Nothing was written."
    }

    static func taskLines(_ task: TrialTask) -> [String] {
        let target = switch task.target {
        case .new: "new task"
        case .stored(let id): "updates task \(id)"
        case .earlier(let label): "updates the task of \(label)"
        }
        let numbers = [task.fillerNumber, task.placerNumber].compactMap { $0 }.map(TrialShown.identifier)
        let test = [TrialShown.identifier(task.testCode), TrialShown.text(task.testText)].filter { !$0.isEmpty }.joined(separator: " ")
        var lines = ["  \(target)  \(test)" + (numbers.isEmpty ? "" : " (\(numbers.joined(separator: ", ")))")]
        var tier = "    tier   \(TrialShown.text(task.urgencyReason))"
        if let lab = task.lowerLabTier {
            tier += " (kept: urgency never silently falls; this message alone says \(TrialShown.text(lab.reason)))"
        }
        lines.append(tier)
        if let consult = task.consultNote {
            let named = consult.named.map(TrialShown.identifier).joined(separator: ", ")
            lines.append(consult.referralID.map { "    note   consult note for referral \(TrialShown.identifier($0)): to its referring provider" }
                ?? "    note   consult note, no referral on file\(named.isEmpty ? "" : " for \(named)"): routed by the note's own provider")
        }
        // An Unassigned explanation names its queue already ("Unassigned: NPI … is not on the roster").
        let explanation = TrialShown.text(task.routing.explanation)
        lines.append(task.isUnassigned ? "    queue  \(explanation)" : "    queue  \(task.queue): \(explanation)")
        if let note = task.closedNote {
            lines.append("    closed \(TrialShown.text(note))")
        } else if let due = task.dueAt {
            lines.append("    due    within \(DurationText.format(task.window)) ([windows] \(task.urgency.rawValue)), by \(Timestamp.iso(due))")
        }
        if task.retractionReview { lines.append("    flagged for retraction review (OBX-11 W)") }
        return lines
    }

    static func orderLine(_ order: TrialOrder, at now: Date? = nil) -> String {
        let what = order.kind == .referral ? "referral" : order.stat ? "stat order" : "order"
        let verb = switch order.action {
        case .create: "tracked"
        case .change: "changed"
        case .cancel: "cancelled"
        }
        let test = [TrialShown.identifier(order.testCode), TrialShown.text(order.testText)].filter { !$0.isEmpty }.joined(separator: " ")
        let head = "  \(what) \(verb) (\(TrialShown.identifier(order.control)))  \(TrialShown.identifier(order.placerNumber)) \(test)"
        guard let expected = order.expectedBy, let window = order.window, let rule = order.windowRule else {
            return head + ": no result awaited"
        }
        let awaited = order.kind == .referral ? "consult note" : "result"
        let past = now.map { expected <= $0 } == true ? " (already past)" : ""
        return head + ": \(awaited) expected by \(Timestamp.iso(expected))\(past), \(DurationText.format(window)) after the "
            + "\(order.kind == .referral ? "referral" : "order") per \(rule)"
    }

    private static func count(_ number: Int, _ noun: String) -> String {
        "\(number) \(noun)\(number == 1 ? "" : "s")"
    }
}

/// Network text made fit to print: control characters shown as `<0xNN>` (as the review list
/// shows them), cut with `…` so one field cannot flood the output.
public enum TrialShown {
    /// Identifiers (sender, control id, numbers, codes): the log's escaping, 64 characters.
    public static func identifier(_ value: String) -> String {
        UntrustedText.forLog(UntrustedText.visible(value), limit: UntrustedText.logLimit)
    }

    /// Free text (test names, reasons): other scripts kept, control characters shown, 200 characters.
    public static func text(_ value: String, limit: Int = 200) -> String {
        let shown = UntrustedText.visible(value)
        return shown.count > limit ? String(shown.prefix(limit)) + "…" : shown
    }
}
