import CareQueueCore
import Foundation

/// One task's whole story in the main panel: patient, result, clocks, routing, observations, history.
enum DetailView {
    static let labelWidth = 12

    /// One line of the detail view before wrapping.
    enum Line: Equatable {
        case field(label: String, value: String, role: StyleRole = .detailValue)
        case heading(String)
        case text(String, StyleRole)
    }

    static func draw(_ state: DashboardState, taskID: Int64, detail: TaskDetail?, scroll: Int, in area: Rect,
                     on grid: inout CellGrid) {
        guard let detail else {
            let inside = grid.box(area, role: .border, title: "Task \(taskID)", titleRole: .detailTitle)
            grid.put("This task is no longer in the store", x: inside.x, y: inside.y + inside.height / 2,
                     width: inside.width, role: .queueEmpty, alignment: .center)
            return
        }
        let task = detail.task
        let title = "Task \(task.id) · \(TaskText.urgencyLabel(task.urgency).trimmingCharacters(in: .whitespaces)) · \(task.status.rawValue)"
        let inside = grid.box(area, role: .border, title: title, titleRole: .detailTitle)
        let rows = Self.rows(detail, state: state, width: inside.width)
        let first = max(0, min(scroll, rows.count - inside.height))
        for (offset, row) in rows.dropFirst(first).prefix(inside.height).enumerated() {
            row.draw(on: &grid, x: inside.x, y: inside.y + offset, limit: inside.maxX)
        }
        if rows.count > first + inside.height {
            grid.put("↓ j/k scroll", x: inside.maxX - 13, y: inside.maxY, role: .border)
        }
    }

    /// The detail's screen rows at `width`, before scrolling.
    static func rows(_ detail: TaskDetail, state: DashboardState, width: Int) -> [Segments] {
        wrapped(lines(task: detail.task, history: detail.history, outbox: detail.outbox, state: state), width: width)
    }

    static func lines(task: TaskListItem, history: TaskHistory?, outbox: [OutboxEntry], state: DashboardState) -> [Line] {
        let now = state.now
        let zone = state.settings.timeZone
        let windows = state.settings.windows
        var lines: [Line] = []
        // Someone else working on it comes first, before anyone acts; one's own claim goes without saying.
        if let claim = ClaimKeys.foreignClaim(on: task, in: state).flatMap({ WorkStateText.claim($0, at: now) }) {
            lines.append(.field(label: "Claimed by", value: claim))
        }
        lines.append(.field(label: "Patient", value: "\(task.patient) · MRN \(task.mrn)"))
        let preference = task.contactPreference.map { " · " + WorkStateText.preference($0) } ?? ""
        lines.append(.field(label: "Born", value: "\(task.dob ?? "—") · phone \(task.phone ?? "—")\(preference)"))
        lines.append(.field(label: "Test", value: "\(task.test) · result \(task.resultStatus) · control id \(task.controlID)"))
        if let warning = task.charsetWarning {
            lines.append(.field(label: "Charset", value: "\(warning): check names and text against the lab's report"))
        }
        var status = "\(task.status.rawValue) · \(task.attempts) failed attempt\(task.attempts == 1 ? "" : "s")"
        if LifecycleState(status: task.status, assignedNPI: task.assignedNPI, failedAttempts: task.attempts).suggestsPortalMessage {
            status += " · a portal message is suggested"
        }
        if let callbackAt = task.callbackAt {
            status += " · " + WorkStateText.callback(callbackAt, shown: TaskText.dateTime(callbackAt, timeZone: zone), at: now)
        }
        if task.reopened { status += " · re-opened by a corrected result" }
        if task.retractionReview { status += " · WRONG PATIENT? flagged for retraction review" }
        lines.append(.field(label: "Status", value: status))
        if let signoff = WorkStateText.signoff(task.signoff, time: { TaskText.dateTime($0, timeZone: zone) }) {
            lines.append(.field(label: "Sign-off", value: signoff))
        }
        lines += ehrLines(outbox, state: state)
        lines.append(.field(label: "Received", value: "\(TaskText.dateTime(task.receivedAt, timeZone: zone)) (\(TaskText.age(task, at: now)) ago)"))
        let due = task.dueAt.map { "\(TaskText.dateTime($0, timeZone: zone)) (\(TaskText.due(task, at: now)))" } ?? "clock stopped"
        lines.append(.field(label: "Due", value: due))
        let subject = TaskText.escalationSubject(task, windows: windows)
        let next = EscalationPolicy.nextStep(for: subject, at: now, windows: windows)
        lines.append(.field(label: "Escalation", value: "level \(task.escalationLevel) · \(next)"))
        var queue = task.assignedNPI.map { state.providerName($0) } ?? "Unassigned"
        if let covering = task.coveringForNPI { queue += " · covering for \(state.providerName(covering))" }
        if let ordering = task.orderingNPI, ordering != task.assignedNPI, ordering != task.coveringForNPI {
            queue += " · ordered by \(state.providerName(ordering))"
        }
        lines.append(.field(label: "Queue", value: queue))
        let reason = task.urgencyReason
        lines.append(.field(label: "Tier", value: reason.hasPrefix(task.urgency.rawValue) ? reason : "\(task.urgency.rawValue): \(reason)"))
        lines.append(.field(label: "Routing", value: task.routing))

        lines.append(.heading("Observations"))
        if task.observations.isEmpty { lines.append(.text("(none reported)", .queueEmpty)) }
        for observation in task.observations {
            var parts = ["\(observation.text.isEmpty ? observation.code : observation.text):",
                         [observation.value, observation.units].filter { !$0.isEmpty }.joined(separator: " ")]
            if !observation.range.isEmpty { parts.append("(\(observation.range))") }
            let flags = observation.flags.filter { !$0.isEmpty }
            if !flags.isEmpty { parts.append(flags.joined(separator: ",")) }
            parts.append("[\(observation.status)]")
            let abnormal = !flags.filter { !CareQueueConfig.Tiers().normalFlags.contains($0) }.isEmpty
            lines.append(.text(parts.joined(separator: " "), abnormal ? TaskText.urgencyRole(task.urgency) : .detailValue))
        }

        guard let history else {
            lines.append(.heading("History"))
            lines.append(.text("Attempts, escalations and the audit trail are not kept by this store version.", .queueEmpty))
            return lines
        }
        for (heading, entries) in [("Attempts", history.attempts), ("Escalations", history.escalations), ("Audit", history.audit)] {
            lines.append(.heading(heading))
            if entries.isEmpty { lines.append(.text("(none)", .queueEmpty)) }
            for entry in entries {
                let who = entry.who.isEmpty ? "" : " \(entry.who)"
                lines.append(.text("\(TaskText.dateTime(entry.at, timeZone: zone))\(who): \(entry.what)", .detailValue))
            }
        }
        return lines
    }

    /// One "EHR" line per message the task sent (or holds) for the EHR, in the words `tasks show`
    /// uses; a refused one in the refusal role, since someone must act on it.
    static func ehrLines(_ outbox: [OutboxEntry], state: DashboardState) -> [Line] {
        let zone = state.settings.timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        // Seconds matter within the day (an undo window is seconds long); older rows need their date.
        let time = { (date: Date) in
            calendar.isDate(date, inSameDayAs: state.now) ? TaskText.clock(date, timeZone: zone) : TaskText.dateTime(date, timeZone: zone)
        }
        return outbox.map { entry in
            .field(label: "EHR", value: OutboxText.line(entry, at: state.now, time: time),
                   role: entry.status == .failed ? .review : .detailValue)
        }
    }

    /// Lines cut to the panel's width: field values wrap under their value column.
    static func wrapped(_ lines: [Line], width: Int) -> [Segments] {
        var rows: [Segments] = []
        let valueWidth = max(1, width - labelWidth)
        for line in lines {
            switch line {
            case .field(let label, let value, let role):
                for (index, piece) in TextWrap.lines(value, width: valueWidth).enumerated() {
                    var row = Segments()
                    let shownLabel = index == 0 ? label : ""
                    row.add(shownLabel.padding(toLength: labelWidth, withPad: " ", startingAt: 0), .detailLabel)
                    row.add(piece, role)
                    rows.append(row)
                }
            case .heading(let text):
                var row = Segments()
                row.add(text, .detailTitle)
                rows.append(row)
            case .text(let text, let role):
                for piece in TextWrap.lines(text, width: max(1, width - 2)) {
                    var row = Segments()
                    row.add("  ", .detailValue)
                    row.add(piece, role)
                    rows.append(row)
                }
            }
        }
        return rows
    }
}
