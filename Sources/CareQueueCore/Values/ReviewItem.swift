import Foundation

/// One message that got AE/AR: a line of the review list.
public struct ReviewItem: Sendable, Equatable {
    public var id: Int64
    public var receivedAt: Date
    /// "APP / FAC" as the message named its sender; "" when it named none (not HL7).
    public var sender: String
    public var controlID: String?
    public var ackCode: String
    public var reason: String
    public var peer: String
    /// HL7 table 0357 code sent in ERR-3.
    public var errorCode: Int?
    /// ERR-2 location, "" when not tied to a field.
    public var location: String
    /// For a control id reused with other content: the message first stored under it.
    public var originalMessageID: Int64?
    /// Set once taken off the open list: when, by whom, and why (a replay names the message it became).
    public var resolution: ReviewResolution?
    /// When the review clock escalated it to the coordinators (open past `[windows] review`); nil: not (yet).
    public var escalatedAt: Date?

    public init(id: Int64, receivedAt: Date, sender: String, controlID: String?, ackCode: String, reason: String,
                peer: String, errorCode: Int?, location: String) {
        self.id = id
        self.receivedAt = receivedAt
        self.sender = sender
        self.controlID = controlID
        self.ackCode = ackCode
        self.reason = reason
        self.peer = peer
        self.errorCode = errorCode
        self.location = location
    }
}

/// How a review-list message was dealt with (`review resolve`, or a `review replay` that stored it).
public struct ReviewResolution: Sendable, Equatable {
    public var at: Date
    public var by: String
    public var note: String
    /// The message a replay stored from these bytes; nil when resolved by hand.
    public var replayedAs: Int64?

    public init(at: Date, by: String, note: String, replayedAs: Int64? = nil) {
        self.at = at
        self.by = by
        self.note = note
        self.replayedAs = replayedAs
    }
}
