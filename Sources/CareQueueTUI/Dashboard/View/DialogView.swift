import CareQueueCore

/// The modal dialogs: outcome pickers and the note editor, centred over the dashboard.
enum DialogView {
    static let attemptDescriptions: [AttemptOutcome: String] = [
        .noAnswer: "no answer",
        .leftMessage: "left a message",
        .wrongNumber: "wrong number on file",
    ]

    static let closeDescriptions: [CloseOutcome: String] = [
        .reached: "reached the patient",
        .portalMessage: "sent a portal message",
        .notNeeded: "no follow-up needed (say why)",
        .cancelledByLab: "cancelled by the lab",
        .labContacted: "asked the lab what happened",
        .recollected: "redrawn or reordered",
        .patientDidNotGo: "the patient never went",
        .cancelled: "order no longer wanted",
        .resultReceived: "the result arrived",
    ]

    static func draw(_ dialog: Dialog, state: DashboardState, on grid: inout CellGrid) {
        switch dialog {
        case .attemptOutcome(let target, let selected):
            let options = AttemptOutcome.allCases.map { ($0.rawValue, attemptDescriptions[$0] ?? "") }
            picker(title: "Failed attempt · task \(target.taskID)", target: target, options: options,
                   selected: selected, note: nil, on: &grid)
        case .attemptNote(let target, let outcome, let text):
            AttemptDialogView.note(target, outcome: outcome, text: text, on: &grid)
        case .attemptCallback(let target, let outcome, _, let selected):
            AttemptDialogView.callback(target, outcome: outcome, selected: selected, state: state, on: &grid)
        case .attemptCallbackTime(let target, _, _, let text, let problem):
            AttemptDialogView.time(target, text: text, problem: problem, on: &grid)
        case .closeOutcome(let target, let selected):
            let note = target.lifecycle.signoff.isWaiting
                ? "Waiting for \(target.lifecycle.signoff.awaited)'s sign-off: no close until then"
                : target.lifecycle.suggestsPortalMessage
                ? "\(target.lifecycle.failedAttempts) failed attempts: a portal message is suggested" : nil
            picker(title: "Close task \(target.taskID)", target: target, options: closeOptions(for: target.lifecycle.kind),
                   selected: selected,
                   note: note, on: &grid)
        case .closeNote(let target, let outcome, let text, let problem):
            noteEditor(target: target, outcome: outcome, text: text, problem: problem, on: &grid)
        case .reassignPicker(let target, let query, let selected):
            ReassignDialogView.picker(target, query: query, selected: selected, state: state, on: &grid)
        case .reassignNote(let target, let provider, let text, let problem):
            ReassignDialogView.note(target, to: provider, text: text, problem: problem, on: &grid)
        case .bulkOutcome(let bulk, let selected):
            BulkCloseDialogView.outcome(bulk, selected: selected, on: &grid)
        case .bulkNote(let bulk, let outcome, let text, let problem):
            BulkCloseDialogView.note(bulk, outcome: outcome, text: text, problem: problem, on: &grid)
        case .bulkConfirm(let bulk, let outcome, let note):
            BulkCloseDialogView.confirm(bulk, outcome: outcome, note: note, on: &grid)
        case .claimConfirm(let task, _):
            RevisionDialogView.claimConfirm(task, state: state, on: &grid)
        case .noteOffer(let offer):
            RevisionDialogView.noteOffer(offer, on: &grid)
        case .reopenNote(let target, let text, let problem):
            RevisionDialogView.reopenNote(target, text: text, problem: problem, on: &grid)
        case .signoffNote(let target, let text):
            noteDialog(title: "Sign off task \(target.taskID)", label: target.label,
                       prompt: "A note for the coordinators (optional; Enter signs off)", note: text, problem: nil,
                       on: &grid)
        case .reviewResolveNote(let target, let text, let problem):
            noteDialog(title: "Resolve message \(target.messageID)", label: target.label, prompt: ReviewKeys.notePrompt,
                       note: text, problem: problem, on: &grid)
        case .reviewReplayConfirm(let target):
            ReviewDialogView.replayConfirm(target, on: &grid)
        case .contactPreference(let target, let selected):
            let options = ContactPreferenceKeys.options.map { ($0.rawValue, ContactPreferenceKeys.descriptions[$0] ?? "") }
            picker(title: "How does \(target.label) want to be reached?", label: "For all of this patient's tasks, later ones too",
                   options: options, selected: selected, note: nil, width: 64, height: options.count + 4, on: &grid)
        }
    }

    /// A one-line text field at row `y` of a dialog's inside, its end in view, a block cursor after it.
    static func field(_ text: String, y: Int, inside: Rect, on grid: inout CellGrid) {
        let field = Rect(x: inside.x + 1, y: y, width: inside.width - 2, height: 1)
        grid.fill(field, role: .input)
        let end = grid.put(tail(text, width: field.width - 1), x: field.x, y: field.y, role: .input, ellipsis: false)
        grid.put("█", x: end, y: field.y, role: .input)
    }

    /// A framed, filled box of `size` in the middle of the screen; returns its inside.
    static func frame(_ size: GridSize, title: String, on grid: inout CellGrid) -> Rect {
        let rect = grid.bounds.centered(size)
        grid.fill(rect, role: .dialog)
        return grid.box(rect, role: .dialogBorder, title: title, titleRole: .dialogTitle)
    }

    /// The close outcomes a person picks from for a task of `kind`, with what each means.
    static func closeOptions(for kind: TaskKind) -> [(String, String)] {
        CloseOutcome.choices(for: kind).map { ($0.rawValue, closeDescriptions[$0] ?? "") }
    }

    private static func picker(title: String, target: ActionTarget, options: [(String, String)], selected: Int,
                               note: String?, on grid: inout CellGrid) {
        picker(title: title, label: target.label, options: options, selected: selected, note: note, width: 60,
               height: options.count + (note == nil ? 4 : 6), on: &grid)
    }

    /// An outcome picker: `label` on top, the numbered options, and `note` (if any) a line below them.
    static func picker(title: String, label: String, options: [(String, String)], selected: Int, note: String?,
                       width: Int, height: Int, on grid: inout CellGrid) {
        let inside = frame(GridSize(width: min(width, grid.width - 4), height: height), title: title, on: &grid)
        var y = inside.y
        grid.put(" " + label, x: inside.x, y: y, width: inside.width, role: .dialog, alignment: .left)
        y += 2
        // Every name whole, however long ("patient-did-not-go"), the descriptions in one column.
        let column = max(15, options.map(\.0.count).max() ?? 0)
        for (index, option) in options.enumerated() {
            let role: StyleRole = index == selected ? .dialogSelected : .dialog
            let marker = index == selected ? "▸" : " "
            grid.put(" \(marker) \(index + 1)  \(option.0.padding(toLength: column, withPad: " ", startingAt: 0)) \(option.1)",
                     x: inside.x, y: y, width: inside.width, role: role, alignment: .left)
            y += 1
        }
        if let note {
            y += 1
            grid.put(" " + note, x: inside.x, y: y, width: inside.width, role: .dialogTitle, alignment: .left)
        }
    }

    private static func noteEditor(target: ActionTarget, outcome: CloseOutcome, text: NoteText, problem: String?,
                                   on grid: inout CellGrid) {
        let prompt = outcome == .notNeeded ? "Why is no follow-up needed? (required)" : "Note on the follow-up (required)"
        noteDialog(title: "Close task \(target.taskID) as \(outcome.rawValue)", label: target.label, prompt: prompt,
                   note: text, problem: problem, on: &grid)
    }

    /// A note dialog: what it is about, the prompt, the note wrapped over three lines with its
    /// cursor, and why the last Enter was refused (if it was).
    static func noteDialog(title: String, label: String, prompt: String, note: NoteText, problem: String?,
                           on grid: inout CellGrid) {
        let inside = frame(GridSize(width: min(64, grid.width - 4), height: 10), title: title, on: &grid)
        grid.put(" " + label, x: inside.x, y: inside.y, width: inside.width, role: .dialog, alignment: .left)
        grid.put(" " + prompt, x: inside.x, y: inside.y + 2, width: inside.width, role: .dialog, alignment: .left)
        NoteFieldView.draw(note, in: Rect(x: inside.x + 1, y: inside.y + 3, width: inside.width - 2, height: 3), on: &grid)
        if let problem {
            grid.put(" " + problem, x: inside.x, y: inside.y + 7, width: inside.width, role: .error, alignment: .left)
        }
    }

    /// The last `width` cells of `text`.
    static func tail(_ text: String, width: Int) -> String {
        var kept: [DisplayGrapheme] = []
        var used = 0
        for glyph in ScreenText.graphemes(text).reversed() {
            if used + glyph.width > width { break }
            kept.append(glyph)
            used += glyph.width
        }
        return kept.reversed().map(\.text).joined()
    }
}
