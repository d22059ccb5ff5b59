import Foundation

/// The listener's liveness row, read by every dashboard (also `--no-listen` ones).
public struct Heartbeat: Sendable, Equatable {
    /// "HOST:PORT" the listener is bound to.
    public var address: String
    public var pid: Int32
    public var startedAt: Date
    public var beatAt: Date
    public var messagesToday: Int
    public var lastMessageAt: Date?

    public init(address: String, pid: Int32, startedAt: Date, beatAt: Date, messagesToday: Int, lastMessageAt: Date?) {
        self.address = address
        self.pid = pid
        self.startedAt = startedAt
        self.beatAt = beatAt
        self.messagesToday = messagesToday
        self.lastMessageAt = lastMessageAt
    }
}
