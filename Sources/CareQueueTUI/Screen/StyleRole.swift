/// What a piece of screen text *is* (`age.overdue`, `queue.selected`), never what colour it has.
///
/// Layout code tags cells with roles; only the terminal backend turns a role into colours and
/// attributes through a `Theme`. Snapshots therefore record roles and survive theme edits.
public struct StyleRole: RawRepresentable, Hashable, Comparable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ name: String) { self.rawValue = name }
    public init(stringLiteral name: String) { self.rawValue = name }

    public var description: String { rawValue }

    public static func < (lhs: StyleRole, rhs: StyleRole) -> Bool { lhs.rawValue < rhs.rawValue }

    /// True for the roles the dashboard defines (and themes may set).
    public var isKnown: Bool { StyleRole.knownSet.contains(self) }
}

extension StyleRole {
    /// Plain text on the terminal's background; also the fallback for unknown roles.
    public static let normal: StyleRole = "normal"

    /// The top line: clinic, clock, listener state, review count.
    public static let header: StyleRole = "header"
    /// A header item that needs attention (feed silent, listener down).
    public static let headerWarning: StyleRole = "header.warning"

    /// Box lines and separators.
    public static let border: StyleRole = "border"
    /// Panel titles drawn into borders.
    public static let title: StyleRole = "title"

    /// A provider in the left list.
    public static let provider: StyleRole = "provider"
    /// The provider whose queue is shown.
    public static let providerSelected: StyleRole = "provider.selected"
    /// The Unassigned queue entry (always at the top, never to be missed).
    public static let providerUnassigned: StyleRole = "provider.unassigned"

    /// Column titles above the queue rows.
    public static let queueHeader: StyleRole = "queue.header"
    /// Urgency marker of a critical task (shown with a glyph too, never colour alone).
    public static let queueCritical: StyleRole = "queue.critical"
    /// Urgency marker of an abnormal task.
    public static let queueAbnormal: StyleRole = "queue.abnormal"
    /// Urgency marker of a routine task.
    public static let queueRoutine: StyleRole = "queue.routine"
    /// The row under the cursor.
    public static let queueSelected: StyleRole = "queue.selected"
    /// "No open tasks" and similar placeholders inside the queue.
    public static let queueEmpty: StyleRole = "queue.empty"
    /// A task waiting for its callback (the time is shown on the row too, never the dimming alone).
    public static let queueWaiting: StyleRole = "queue.waiting"

    /// Age under half the due window.
    public static let ageFresh: StyleRole = "age.fresh"
    /// Age past half the window.
    public static let ageHalfway: StyleRole = "age.halfway"
    /// Age close to the window's end.
    public static let ageDueSoon: StyleRole = "age.due-soon"
    /// Past the due time.
    public static let ageOverdue: StyleRole = "age.overdue"
    /// Escalated (past twice the window, or an escalation recorded).
    public static let ageEscalated: StyleRole = "age.escalated"

    /// Field names in the detail view ("MRN", "Ordered by").
    public static let detailLabel: StyleRole = "detail.label"
    /// Field values in the detail view.
    public static let detailValue: StyleRole = "detail.value"
    /// The detail view's heading line.
    public static let detailTitle: StyleRole = "detail.title"

    /// Body of a modal dialog (outcome picker, note entry, confirmation).
    public static let dialog: StyleRole = "dialog"
    /// A dialog's title.
    public static let dialogTitle: StyleRole = "dialog.title"
    /// A dialog's frame.
    public static let dialogBorder: StyleRole = "dialog.border"
    /// The highlighted choice in a dialog's list.
    public static let dialogSelected: StyleRole = "dialog.selected"
    /// A text entry field (note, filter).
    public static let input: StyleRole = "input"

    /// A neutral status message ("Task 42 acknowledged").
    public static let message: StyleRole = "message"
    /// An error message ("Database is locked").
    public static let error: StyleRole = "error"

    /// The escalation ticker.
    public static let ticker: StyleRole = "ticker"
    /// A ticker entry for a critical result.
    public static let tickerCritical: StyleRole = "ticker.critical"

    /// The key-hint line at the bottom.
    public static let hint: StyleRole = "hint"
    /// The key names inside hints ("q", "Tab").
    public static let hintKey: StyleRole = "hint.key"

    /// The `?` help screen's text.
    public static let help: StyleRole = "help"
    /// Key names on the help screen.
    public static let helpKey: StyleRole = "help.key"

    /// The charge nurse's board.
    public static let board: StyleRole = "board"
    /// The board's column titles.
    public static let boardHeader: StyleRole = "board.header"
    /// A board row with overdue tasks.
    public static let boardOverdue: StyleRole = "board.overdue"
    /// The board's totals, drawn large to be read across the room.
    public static let boardTotal: StyleRole = "board.total"
    /// The board's totals band while a new critical or a level-2 escalation flashes it.
    public static let boardAlert: StyleRole = "board.alert"

    /// Refusals someone must look at: the review list (messages that got AE/AR) and its count in the
    /// header; the EHR refusing or not answering our messages, in the ticker and a task's detail.
    public static let review: StyleRole = "review"

    /// Every role the dashboard uses; themes may set exactly these.
    public static let known: [StyleRole] = [
        .normal, .header, .headerWarning, .border, .title,
        .provider, .providerSelected, .providerUnassigned,
        .queueHeader, .queueCritical, .queueAbnormal, .queueRoutine, .queueSelected, .queueEmpty, .queueWaiting,
        .ageFresh, .ageHalfway, .ageDueSoon, .ageOverdue, .ageEscalated,
        .detailLabel, .detailValue, .detailTitle,
        .dialog, .dialogTitle, .dialogBorder, .dialogSelected, .input,
        .message, .error, .ticker, .tickerCritical,
        .hint, .hintKey, .help, .helpKey,
        .board, .boardHeader, .boardOverdue, .boardTotal, .boardAlert, .review,
    ]

    fileprivate static let knownSet = Set(known)
}
