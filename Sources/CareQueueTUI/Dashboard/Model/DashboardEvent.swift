import CareQueueCore
import Foundation

/// A coordinator action to send to the store: what to do, to which task.
public struct ActionRequest: Equatable, Sendable {
    public var taskID: Int64
    public var action: TaskAction

    public init(taskID: Int64, action: TaskAction) {
        self.taskID = taskID
        self.action = action
    }
}

/// An action's answer from the store.
public struct ActionReport: Equatable, Sendable {
    public var request: ActionRequest
    public var outcome: ActionOutcome

    public init(request: ActionRequest, outcome: ActionOutcome) {
        self.request = request
        self.outcome = outcome
    }
}

/// Something that happened, named after what happened; `Dashboard.update` turns it into a new state.
public enum DashboardEvent: Equatable, Sendable {
    case keyPressed(Key)
    /// Someone (this process or another) committed to the store.
    case storeChanged
    /// The clock ticked (about once a second).
    case tick(Date)
    case resized(GridSize)
    /// SIGINT arrived.
    case interrupted
    case overviewLoaded(DashboardOverview)
    case pageLoaded(QueuePage)
    case detailLoaded(taskID: Int64, TaskDetail?)
    case actionFinished(ActionReport)
    /// A store read failed; the text is safe to show (no patient data).
    case loadFailed(String)
    case boardLoaded([BoardRow])
    case boardFiguresLoaded(BoardFigures)
    case reviewLoaded([ReviewItem])
    /// A refused message's bytes (nil when it is gone).
    case rawMessageLoaded(id: Int64, [UInt8]?)
    /// Find's matches for `text` (closed tasks too when `closed`), as a page of the selected queue's window.
    case matchesLoaded(text: String, closed: Bool, QueuePage)
    case candidatesLoaded([Provider], coverage: [Coverage] = [])
    case worklistLoaded(WorklistPage)
    /// An undo, re-opening or note came back from the store.
    case revisionFinished(RevisionRequest, ActionOutcome)
    case awaitingLoaded(AwaitingPage)
    /// A resolve or replay from the review list came back from the store.
    case reviewActionFinished(ReviewActionRequest, ReviewActionOutcome)
}

/// What `update` asks the runtime to do; results come back as events.
public enum DashboardEffect: Equatable, Sendable {
    /// Re-read queues and counts, the heartbeat, the review count and the ticker.
    case loadOverview
    /// Re-read one screenful of a queue.
    case loadPage(QueueKey, offset: Int, limit: Int)
    case loadDetail(taskID: Int64)
    /// Send a coordinator action to the core (answered by `.actionFinished`).
    case perform(ActionRequest)
    case quit
    /// Re-read the charge-nurse board.
    case loadBoard
    /// Re-read the board's shift trend and today's critical share (today starts at `dayStart`).
    case loadBoardFigures(dayStart: Date)
    /// Re-read the review list.
    case loadReview
    case loadRawMessage(id: Int64)
    /// Read tasks matching `text` in every queue, open ones (and closed ones when `closed`), one
    /// screenful from `offset`.
    case loadMatches(text: String, closed: Bool, offset: Int, limit: Int)
    /// Read who a task may be reassigned to.
    case loadCandidates
    /// Read one screenful of the worklist from `offset`.
    case loadWorklist(WorklistFilter, offset: Int, limit: Int)
    /// Read one screenful of the orders awaiting their result from `offset`.
    case loadAwaiting(AwaitingScope, offset: Int, limit: Int)
    /// Append an access-audit row (a task or raw message shown, the screen locked or unlocked).
    case recordAccess(AccessEvent)
    /// Send an undo, a re-opening or a note to the store (answered by `.revisionFinished`).
    case revise(RevisionRequest)
    /// Claim the task for this user (a soft lock other dashboards show); nothing comes back. A look
    /// (`.viewing`) leaves someone else's live claim in place.
    case claim(taskID: Int64, purpose: ClaimPurpose = .acting)
    /// Resolve or replay a review-list message (answered by `.reviewActionFinished`).
    case reviewAction(ReviewActionRequest)
}
