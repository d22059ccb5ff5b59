import Foundation

/// A listener's liveness row, read by every dashboard (also `--no-listen` ones) and `status`: one
/// per host that runs a listener for the database (on SQLite, one listener per file: one row).
public struct Heartbeat: Sendable, Equatable {
    /// A beat older than this means the listener is gone (it beats every 3 s).
    public static let staleAfter: TimeInterval = 10

    public static let hostNameVariable = "CAREQUEUE_HOST_NAME"

    /// This machine's name (`gethostname`), which the listener here beats under, unless
    /// `$CAREQUEUE_HOST_NAME` names it: two listeners on one machine (each with its own data
    /// directory, so its own lock) would otherwise overwrite one row and `status` see one of them.
    public static let thisHost: String = {
        if let named = ProcessInfo.processInfo.environment[hostNameVariable], !named.isEmpty { return named }
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.isEmpty ? "localhost" : name
    }()

    /// The host the listener runs on: its row's key. Empty for a row written before heartbeats
    /// named their host.
    public var host: String
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
                stoppedAt: Date? = nil, host: String = Heartbeat.thisHost) {
        self.host = host
        self.address = address
        self.pid = pid
        self.startedAt = startedAt
        self.beatAt = beatAt
        self.messagesToday = messagesToday
        self.lastMessageAt = lastMessageAt
        self.stoppedAt = stoppedAt
    }

    /// The feed as a dashboard's header and watchdog read it: the first of `beats` (in
    /// `heartbeats()`'s order), but while it and others run (several hosts on PostgreSQL) with their
    /// messages today added up, the latest message any of them received and the earliest start —
    /// else the header would count one host's messages and call the feed silent while another
    /// host's listener receives it. One row (SQLite) is itself.
    public static func feed(of beats: [Heartbeat], at now: Date) -> Heartbeat? {
        guard var feed = beats.first else { return nil }
        let running = beats.filter { $0.state(at: now) == .running }
        guard running.count > 1, feed.state(at: now) == .running else { return feed }
        feed.messagesToday = running.reduce(0) { $0 + $1.messagesToday }
        feed.lastMessageAt = running.compactMap(\.lastMessageAt).max()
        feed.startedAt = running.map(\.startedAt).min() ?? feed.startedAt
        return feed
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
