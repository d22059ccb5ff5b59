import CareQueueCore

/// `o`: orders and referrals awaiting their result, late first, then oldest; kept while the
/// dashboard runs so a result's task opened from it comes back to the same place.
public struct AwaitingList: Equatable, Sendable {
    /// The window on show; its scope is what the list is of.
    public var page: AwaitingPage
    /// The selected row's position in the list (0-based), and the first position on screen.
    public var cursor = 0
    public var scroll = 0
    /// Opened from the board: Esc goes back there (to this cursor), else to the queues.
    public var boardCursor: Int?
    /// The result task opened from here: its detail's Esc comes back to the list.
    public var openedTask: Int64?

    public init(scope: AwaitingScope, boardCursor: Int? = nil) {
        page = AwaitingPage(scope: scope)
        self.boardCursor = boardCursor
    }

    public var scope: AwaitingScope { page.scope }

    /// The order under the cursor, when its row is loaded.
    public var selected: AwaitingItem? { page.row(at: cursor) }
}
