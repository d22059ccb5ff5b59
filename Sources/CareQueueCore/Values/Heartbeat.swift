import Foundation

/// The listener's liveness row, read by every dashboard (also `--no-listen` ones) and `status`.
public struct Heartbeat: Sendable, Equatable {
    /// A beat older than this means the listener is gone (it beats every 3 s).
    public static let staleAfter: TimeInterval = 10

    /// "HOST:PORT" the listener is bound to.
    public var address: String
    public var pid: Int32
    public var startedAt: Date
    public var beatAt: Date
    public var messagesToday: Int
    public var lastMessageAt: Date?
    /// When the listener stopped cleanly; nil while it runs (or after it died without stopping).
    public var stoppedAt: Date?

    public init(address: String, pid: Int32, startedAt: Date, beatAt: Date, messagesToday: Int, lastMessageAt: Date?,
                stoppedAt: Date? = nil) {
        self.address = address
        self.pid = pid
        self.startedAt = startedAt
        self.beatAt = beatAt
        self.messagesToday = messagesToday
        self.lastMessageAt = lastMessageAt
        self.stoppedAt = stoppedAt
    }

    /// What the row says about the listener at `now`.
    public func state(at now: Date, staleAfter: TimeInterval = Heartbeat.staleAfter) -> ListenerState {
        if let stoppedAt { return .stopped(at: stoppedAt) }
        return now.timeIntervalSince(beatAt) > staleAfter ? .stale(since: beatAt) : .running
    }
}

/// The listener as its heartbeat shows it.
public enum ListenerState: Sendable, Equatable {
    case running
    /// It stopped cleanly at this time.
    case stopped(at: Date)
    /// Its last beat, too long ago: it died, hangs, or its host lost the database.
    case stale(since: Date)
    /// No listener ever ran on this database.
    case neverStarted

    /// The state as one word, for JSON and monitoring.
    public var name: String {
        switch self {
        case .running: return "running"
        case .stopped: return "stopped"
        case .stale: return "stale"
        case .neverStarted: return "never_started"
        }
    }
}
