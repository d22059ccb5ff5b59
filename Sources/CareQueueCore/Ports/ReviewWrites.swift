import Foundation

/// What the dashboard does to a review-list message: the same two things as `review resolve` and
/// `review replay`.
public enum ReviewAction: Equatable, Sendable {
    /// Take it off the open list; the note says why (required).
    case resolve(note: String)
    /// Run intake again on its stored bytes under today's configuration and roster.
    case replay
}

/// A review action on one message, as sent from the review list.
public struct ReviewActionRequest: Equatable, Sendable {
    public var messageID: Int64
    public var action: ReviewAction

    public init(messageID: Int64, action: ReviewAction) {
        self.messageID = messageID
        self.action = action
    }
}

/// A review action's answer, in words fit for the message line (the network's words already
/// escaped): done ("message 12 replayed as message 13: task 7"), or why not.
public enum ReviewActionOutcome: Equatable, Sendable {
    case done(String)
    case refused(String)
}

/// The review list's writes. Called off the main thread; never throws.
public protocol ReviewWrites: Sendable {
    /// Resolves, or replays, message `id` as `user`, audited as the commands audit it.
    func perform(_ action: ReviewAction, onMessage id: Int64, by user: String, at now: Date) -> ReviewActionOutcome
}
