import CareQueueCore
import Foundation

/// What does not change while the dashboard runs: who uses it, where, and with which windows.
public struct DashboardSettings: Equatable, Sendable {
    /// Whether this process runs the MLLP listener.
    public enum Listener: Equatable, Sendable {
        /// Listening on "HOST:PORT" (the real port when asked for 0).
        case running(address: String)
        /// It was asked to listen and could not; the reason is shown at start.
        case unavailable(reason: String)
        /// `--no-listen`: another process feeds the store.
        case off
    }

    public var clinicName: String
    /// The name the audit trail records for actions taken here.
    public var user: String
    public var windows: CareQueueConfig.Windows
    /// Local time for the header clock and times of day.
    public var timeZone: TimeZone
    public var listener: Listener
    /// A heartbeat older than this is shown as stale.
    public var heartbeatStaleAfter: TimeInterval
    /// Warns when the feed is silent too long during clinic hours.
    public var watchdog: FeedWatchdog
    /// A wall screen: no key changes data.
    public var readOnly: Bool
    /// Start on the charge-nurse board rather than a queue.
    public var opensOnBoard: Bool
    /// A kiosk wall board: counts and provider names only, no key does anything but Ctrl-C, never locks.
    public var kiosk: Bool
    /// The screen locks after this long without a key; nil: never.
    public var idleLock: TimeInterval?
    /// The operating-system account running this process: typed to unlock the screen.
    public var accountName: String
    /// Open on the worklist (every queue's open tasks) rather than the Unassigned queue.
    public var opensOnWorklist: Bool
    /// How long `u` can undo the last action (`[ui] undo_window`).
    public var undoWindow: TimeInterval
    /// When the clinic next opens: the default callback after a failed call.
    public var clinicCalendar: ClinicCalendar
    /// The board turns to its next page after this long without a key (`[ui] board_page_every`).
    public var boardPageEvery: TimeInterval
    /// When a new critical or a level-2 escalation rings the bell (`[ui] bell`).
    public var bell: BellPolicy

    public init(clinicName: String = "CareQueue", user: String, windows: CareQueueConfig.Windows = .init(),
                timeZone: TimeZone = .current, listener: Listener = .off, heartbeatStaleAfter: TimeInterval = Heartbeat.staleAfter,
                watchdog: FeedWatchdog? = nil, readOnly: Bool = false, opensOnBoard: Bool = false, kiosk: Bool = false,
                idleLock: TimeInterval? = nil, accountName: String = "", opensOnWorklist: Bool = false,
                undoWindow: TimeInterval = 10, boardPageEvery: TimeInterval = 10, bell: BellPolicy = .board) {
        self.clinicName = clinicName
        self.user = user
        self.windows = windows
        self.timeZone = timeZone
        self.listener = listener
        self.heartbeatStaleAfter = heartbeatStaleAfter
        self.watchdog = watchdog ?? FeedWatchdog(hours: nil, silentAfter: 20 * 60, timeZone: timeZone)
        self.readOnly = readOnly
        self.opensOnBoard = opensOnBoard
        self.kiosk = kiosk
        self.idleLock = idleLock
        self.accountName = accountName
        self.opensOnWorklist = opensOnWorklist
        self.undoWindow = undoWindow
        self.boardPageEvery = boardPageEvery
        self.bell = bell
        clinicCalendar = ClinicCalendar(CareQueueConfig.Clinic(), timeZone: timeZone)
    }
}

/// The task an open dialog acts on, captured when it opened so a reload cannot retarget it.
public struct ActionTarget: Equatable, Sendable {
    public var taskID: Int64
    /// "Müller, Anna · Potassium", for the dialog's title.
    public var label: String
    /// The task as the lifecycle rules see it, to check a note before saving.
    public var lifecycle: LifecycleState

    public init(taskID: Int64, label: String, lifecycle: LifecycleState) {
        self.taskID = taskID
        self.label = label
        self.lifecycle = lifecycle
    }

    public init(_ task: TaskListItem) {
        self.init(taskID: task.id, label: "\(task.patient) · \(task.test)",
                  lifecycle: LifecycleState(status: task.status, assignedNPI: task.assignedNPI,
                                            failedAttempts: task.attempts, signoff: task.signoff,
                                            coveringForNPI: task.coveringForNPI, kind: task.kind))
    }
}

/// A modal dialog over the dashboard.
public enum Dialog: Equatable, Sendable {
    /// `f`: pick how the call attempt failed.
    case attemptOutcome(ActionTarget, selected: Int)
    /// `f`, then an outcome: an optional note.
    case attemptNote(ActionTarget, outcome: AttemptOutcome, text: NoteText)
    /// `f`, outcome, note: when to call back (`AttemptKeys.callbackChoices`).
    case attemptCallback(ActionTarget, outcome: AttemptOutcome, note: String, selected: Int)
    /// The callback picker's "a time…": the time being typed; `problem` is why the last Enter was refused.
    case attemptCallbackTime(ActionTarget, outcome: AttemptOutcome, note: String, text: NoteText, problem: String?)
    /// `c`: pick how the task closes.
    case closeOutcome(ActionTarget, selected: Int)
    /// `c`, then an outcome: the note; `problem` is why the last Enter was refused.
    case closeNote(ActionTarget, outcome: CloseOutcome, text: NoteText, problem: String?)
    /// `r`: pick the receiving provider; `query` narrows the roster as it is typed.
    case reassignPicker(ActionTarget, query: String, selected: Int)
    /// `r`, then a provider: the note for the receiving provider.
    case reassignNote(ActionTarget, to: Provider, text: NoteText, problem: String?)
    /// `c` with tagged rows: one outcome for all of them.
    case bulkOutcome(BulkClose, selected: Int)
    /// The one note for all of them.
    case bulkNote(BulkClose, outcome: CloseOutcome, text: NoteText, problem: String?)
    /// How many will close, before anything is written.
    case bulkConfirm(BulkClose, outcome: CloseOutcome, note: String)
    /// `key` pressed on a task someone else claimed: act anyway?
    case claimConfirm(TaskListItem, key: Key)
    /// A refused action's note: add it to the task as a note, or discard it.
    case noteOffer(NoteOffer)
    /// `o` in the detail of a closed task: why it is re-opened.
    case reopenNote(ActionTarget, text: NoteText, problem: String?)
    /// `i` in the detail: how the patient wants to be reached.
    case contactPreference(ActionTarget, selected: Int)
    /// `s`: the provider's optional note before signing the result off.
    case signoffNote(ActionTarget, text: NoteText)
    /// `r` on the review list: why the message needs nothing more (required).
    case reviewResolveNote(ReviewTarget, text: NoteText, problem: String?)
    /// `p` on the review list: replay it under today's configuration? y/n
    case reviewReplayConfirm(ReviewTarget)

    /// The single task the dialog acts on; nil for a bulk close.
    public var target: ActionTarget? {
        switch self {
        case .attemptOutcome(let target, _), .attemptNote(let target, _, _), .attemptCallback(let target, _, _, _),
             .attemptCallbackTime(let target, _, _, _, _), .closeOutcome(let target, _), .closeNote(let target, _, _, _),
             .reassignPicker(let target, _, _), .reassignNote(let target, _, _, _), .reopenNote(let target, _, _),
             .contactPreference(let target, _), .signoffNote(let target, _):
            return target
        case .claimConfirm(let task, _):
            return ActionTarget(task)
        case .bulkOutcome, .bulkNote, .bulkConfirm, .noteOffer, .reviewResolveNote, .reviewReplayConfirm:
            return nil
        }
    }
}

/// The review-list message an open dialog acts on, captured when it opened.
public struct ReviewTarget: Equatable, Sendable {
    public var messageID: Int64
    /// "LAB^HOSP · MSG0007 · AE", for the dialog (sanitised when drawn).
    public var label: String

    public init(messageID: Int64, label: String) {
        self.messageID = messageID
        self.label = label
    }

    public init(_ item: ReviewItem) {
        self.init(messageID: item.id, label: [item.sender.isEmpty ? item.peer : item.sender, item.controlID ?? "(no control id)",
                                              item.ackCode].joined(separator: " · "))
    }
}

/// A bulk close, split when it was asked for: what will close, and how many tagged tasks cannot.
public struct BulkClose: Equatable, Sendable {
    /// Routine, normal, open tasks: the only ones a bulk close takes.
    public var taskIDs: [Int64]
    /// Tagged tasks left out: critical or abnormal (or already closed).
    public var excluded: Int
    /// Of `taskIDs`, how many someone else is working on (a live claim), and who: the confirmation says so.
    public var claimed = 0
    public var claimedBy: [String] = []

    public init(taskIDs: [Int64], excluded: Int) {
        self.taskIDs = taskIDs
        self.excluded = excluded
    }

    /// Whether a bulk close may take `task`: routine and not closed.
    public static func takes(_ task: TaskListItem) -> Bool { task.urgency == .routine && task.status != .closed }

    /// Splits `tagged` into the tasks a bulk close may take and the count it must leave out.
    public init(tagged: [TaskListItem]) {
        let eligible = tagged.filter(Self.takes)
        self.init(taskIDs: eligible.map(\.id).sorted(), excluded: tagged.count - eligible.count)
    }
}

/// What fills the main area.
public enum DashboardScreen: Equatable, Sendable {
    /// The selected queue's rows.
    case queue
    /// One task's detail; `detail` is nil until it has been read (or when the task is gone).
    case detail(taskID: Int64, detail: TaskDetail?, scroll: Int)
    /// `b`: the charge-nurse board; `cursor` is a position in `DashboardState.board`.
    case board(cursor: Int)
    /// `v`: the review list; `cursor` is a position in `DashboardState.reviewItems`.
    case review(cursor: Int)
    /// One refused message's bytes, escaped for the screen; `lines` is nil until read.
    case rawMessage(id: Int64, lines: [String]?, scroll: Int, reviewCursor: Int)
    /// `o`: orders and referrals awaiting their result (`DashboardState.awaiting`).
    case awaiting
}

/// `/`: the patient filter; while `editing`, typed characters narrow it.
public struct PatientFilter: Equatable, Sendable {
    public var text: String
    public var editing: Bool
    /// Tab while editing: closed tasks match too (after the open ones).
    public var includesClosed: Bool

    public init(text: String = "", editing: Bool = true, includesClosed: Bool = false) {
        self.text = text
        self.editing = editing
        self.includesClosed = includesClosed
    }

    /// True when it narrows anything (an empty filter shows the selected queue).
    public var isActive: Bool { !text.trimmingCharacters(in: .whitespaces).isEmpty }
}

/// The line above the ticker: what just happened, or what went wrong.
public struct StatusMessage: Equatable, Sendable {
    public var text: String
    public var isError: Bool
    /// When it appeared; neutral messages fade after a while, errors stay until a key is pressed.
    public var shownAt: Date

    public init(_ text: String, isError: Bool = false, shownAt: Date) {
        self.text = text
        self.isError = isError
        self.shownAt = shownAt
    }
}

/// The whole dashboard as a value: one owner on the main thread changes it through `Dashboard.update`.
public struct DashboardState: Equatable, Sendable {
    public var settings: DashboardSettings
    public var now: Date
    public var size: GridSize
    public var overview: DashboardOverview
    public var selectedQueue: QueueKey
    public var page: QueuePage
    /// The selected row's position in the queue (0-based).
    public var cursor: Int
    /// The first queue position on screen.
    public var scroll: Int
    public var screen: DashboardScreen
    public var dialog: Dialog?
    public var showsHelp: Bool
    /// The first line of the help overlay on show, when it is taller than the terminal.
    public var helpScroll = 0
    public var message: StatusMessage?
    /// Advances with the clock; which ticker entry is shown first.
    public var tickerStep: Int
    /// When counts and rows were last read (they age with the clock even when nothing is written).
    public var loadedAt: Date?
    /// Actions sent to the store and not yet answered.
    public var actionsInFlight: Int
    /// The board's rows, one per queue, the riskiest first.
    public var board: [BoardQueueRow]
    /// The shift trend and today's critical share, and when they were read (nil: not yet).
    public var boardFigures: BoardFigures?
    public var boardFiguresAt: Date?
    /// The board page on show, and when it was turned (pages turn by themselves when left alone).
    public var boardPage: Int
    public var boardPageTurnedAt: Date
    /// News flashing on the board, what the last overview held, and how often the bell rang.
    public var alert: BoardAlert?
    public var alertMarks: AlertMarks?
    public var bells: Int
    /// The review list as last read.
    public var reviewItems: [ReviewItem]
    /// `/`: when set and not empty, the main panel shows matches from every queue.
    public var filter: PatientFilter?
    /// Tasks tagged with Space, by id (kept as tagged, so a tag survives scrolling away).
    public var tagged: [Int64: TaskListItem]
    /// A bulk close whose answers are still coming in; nil when none is.
    public var bulkRun: BulkRun?
    /// Providers a task can be reassigned to, once read.
    public var candidates: [Provider]
    /// Coverage in force when the picker read the roster: who is away, and who covers.
    public var candidateCoverage: [Coverage] = []
    /// The last key's time (as the clock last ticked), from which idleness is counted.
    public var lastKeyAt: Date
    /// Set while the screen is locked: nothing behind it is drawn, and keys only feed the unlock field.
    public var lock: ScreenLock?
    /// The worklist, shown on the queue screen instead of one queue while `isShown`; nil until opened.
    public var worklist: Worklist?
    /// What `u` can undo, and the actions on their way whose answers may become undoable.
    public var undo: UndoState
    /// The awaiting view's list, once opened.
    public var awaiting: AwaitingList?

    public init(settings: DashboardSettings, now: Date, size: GridSize) {
        self.settings = settings
        self.now = now
        self.size = size
        overview = DashboardOverview()
        selectedQueue = .unassigned
        page = QueuePage(key: .unassigned)
        cursor = 0
        scroll = 0
        screen = .queue
        dialog = nil
        showsHelp = false
        message = nil
        tickerStep = 0
        loadedAt = nil
        actionsInFlight = 0
        board = []
        boardPage = 0
        boardPageTurnedAt = now
        bells = 0
        reviewItems = []
        filter = nil
        tagged = [:]
        candidates = []
        lastKeyAt = now
        lock = nil
        worklist = settings.opensOnWorklist && !settings.kiosk ? Worklist() : nil
        undo = UndoState()
        if settings.opensOnBoard || settings.kiosk { screen = .board(cursor: 0) }
    }

    /// Locked, or the kiosk board: nothing about a patient may be drawn or read for drawing.
    public var hidesPatients: Bool { lock != nil || settings.kiosk }

    /// The task under the cursor, when its row is loaded.
    public var selectedTask: TaskListItem? { page.row(at: cursor) }

    /// Rows of the queue that fit on screen now.
    public var visibleRows: Int { DashboardLayout(size: size).queueRowCount }

    /// The worklist when it, not one queue, fills the queue screen.
    public var shownWorklist: Worklist? { worklist?.isShown == true ? worklist : nil }

    /// The charge-nurse board is on show (the kiosk shows nothing else).
    public var showsBoard: Bool {
        if settings.kiosk { return true }
        if case .board = screen { return true }
        return false
    }

    /// The queue whose rows are shown.
    public var selectedSummary: QueueSummary? { overview.queues.first { $0.key == selectedQueue } }

    /// The name to show for `npi`: the roster's, else the NPI itself.
    public func providerName(_ npi: String) -> String { overview.providerNames[npi] ?? npi }
}
