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
