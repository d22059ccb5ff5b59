import CareQueueCore

/// `r`: the provider picker (typed text narrows it) and the note for the receiving provider.
enum ReassignDialogView {
    static func picker(_ target: ActionTarget, query: String, selected: Int, state: DashboardState,
                       on grid: inout CellGrid) {
        let shown = ProviderPicker.matches(state.candidates, query: query)
        let rows = max(3, min(8, grid.height - 14))
        let inside = DialogView.frame(GridSize(width: min(64, grid.width - 4), height: rows + 6),
                                      title: "Reassign task \(target.taskID)", on: &grid)
        grid.put(" " + target.label, x: inside.x, y: inside.y, width: inside.width, role: .dialog, alignment: .left)
        let field = Rect(x: inside.x + 1, y: inside.y + 1, width: inside.width - 2, height: 1)
        grid.fill(field, role: .input)
        let end = grid.put("To: " + DialogView.tail(query, width: field.width - 6), x: field.x, y: field.y, role: .input,
                           ellipsis: false)
        grid.put("█", x: end, y: field.y, role: .input)
        guard !shown.isEmpty else {
            let text = state.candidates.isEmpty ? " Reading the roster…" : " No physician, NP or PA matches"
            grid.put(text, x: inside.x, y: inside.y + 3, width: inside.width, role: .dialog, alignment: .left)
            return
        }
        let first = max(0, min(selected - rows + 1, shown.count - rows))
        for line in 0..<rows {
            let index = first + line
            guard shown.indices.contains(index) else { break }
            let provider = shown[index]
            let current = provider.npi == target.lifecycle.assignedNPI ? "  (current queue)" : ""
            let marker = index == selected ? "▸" : " "
            var text = " \(marker) \(provider.name)  \(provider.role.rawValue) · \(provider.npi)\(current)"
            if let away = ProviderPicker.coverage(of: provider, in: state) {
                let covering = state.candidates.first { $0.npi == away.coveringNPI }?.name ?? away.coveringNPI
                text = " \(marker) \(provider.name)  away → \(covering) until "
                    + TaskText.dateTime(away.endsAt, timeZone: state.settings.timeZone) + current
            }
            grid.put(text, x: inside.x, y: inside.y + 3 + line, width: inside.width,
                     role: index == selected ? .dialogSelected : .dialog, alignment: .left)
        }
    }

    static func note(_ target: ActionTarget, to provider: Provider, text: NoteText, problem: String?,
                     on grid: inout CellGrid) {
        DialogView.noteDialog(title: "Reassign task \(target.taskID) to \(provider.name)", label: target.label,
                              prompt: "Note for \(provider.name) (required)", note: text, problem: problem, on: &grid)
    }
}

/// The bulk close: outcome, one note, and the count that will close before anything is written.
enum BulkCloseDialogView {
    static func outcome(_ bulk: BulkClose, selected: Int, on grid: inout CellGrid) {
        let options = DialogView.closeOptions(for: .result)
        // The line for the excluded count is kept even when none are, so the box does not change size.
        DialogView.picker(title: "Close \(bulk.taskIDs.count) tagged tasks", label: scope(bulk), options: options,
                          selected: selected, note: bulk.excluded > 0 ? excludedText(bulk) : nil, width: 64,
                          height: options.count + 6, on: &grid)
    }

    static func note(_ bulk: BulkClose, outcome: CloseOutcome, text: NoteText, problem: String?, on grid: inout CellGrid) {
        DialogView.noteDialog(title: "Close \(bulk.taskIDs.count) tasks as \(outcome.rawValue)", label: scope(bulk),
                              prompt: "One note for all of them (required)", note: text, problem: problem, on: &grid)
    }

    static func confirm(_ bulk: BulkClose, outcome: CloseOutcome, note: String, on grid: inout CellGrid) {
        let inside = DialogView.frame(GridSize(width: min(64, grid.width - 4), height: 9), title: "Confirm bulk close",
                                      on: &grid)
        let count = bulk.taskIDs.count
        grid.put(" \(count) task\(count == 1 ? "" : "s") will close as \(outcome.rawValue).", x: inside.x, y: inside.y,
                 width: inside.width, role: .dialogTitle, alignment: .left)
        grid.put(" Note: " + note, x: inside.x, y: inside.y + 1, width: inside.width, role: .dialog, alignment: .left)
        grid.put(" " + (bulk.excluded > 0 ? excludedText(bulk) : "Every tagged task is routine and normal."),
                 x: inside.x, y: inside.y + 3, width: inside.width, role: .dialog, alignment: .left)
        if bulk.claimed > 0 {
            let who = bulk.claimedBy.joined(separator: ", ")
            grid.put(" \(bulk.claimed) of them \(bulk.claimed == 1 ? "is" : "are") being worked on by \(who): y closes them anyway.",
                     x: inside.x, y: inside.y + 4, width: inside.width, role: .error, alignment: .left)
        }
        grid.put(" Nothing is written until you press y.", x: inside.x, y: inside.y + 5, width: inside.width,
                 role: .dialog, alignment: .left)
    }

    static func scope(_ bulk: BulkClose) -> String {
        "\(bulk.taskIDs.count) routine normal task\(bulk.taskIDs.count == 1 ? "" : "s")"
    }

    static func excludedText(_ bulk: BulkClose) -> String {
        "\(bulk.excluded) tagged task\(bulk.excluded == 1 ? "" : "s") excluded: critical/abnormal never bulk-close"
    }
}
