import Foundation

/// `status`'s verdict, in the monitoring-plugin convention (Nagios, Icinga): the exit code is the level.
public enum StatusLevel: Int32, Sendable, Comparable {
    case ok = 0
    case warning = 1
    case critical = 2
    case unknown = 3

    public var name: String {
        switch self {
        case .ok: return "OK"
        case .warning: return "WARNING"
        case .critical: return "CRITICAL"
        case .unknown: return "UNKNOWN"
        }
    }

    public static func < (lhs: StatusLevel, rhs: StatusLevel) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What `status` judges the service by, read from the store and the configuration.
public struct ServiceFacts: Sendable, Equatable {
    /// The heartbeat row; nil when no listener ever ran on the database.
    public var heartbeat: Heartbeat?
    /// When the listener's TLS certificate stops being valid; nil without TLS.
    public var certificateExpiresAt: Date?
    /// Why the certificate could not be checked (TLS on, the file unreadable here).
    public var certificateProblem: String?
    /// Messages waiting in the review list.
    public var reviewDepth: Int
    public var outbox: OutboxSummary
    /// How long the feed has been silent in clinic hours, past `[clinic] silent_after`; nil when it is not.
    public var feedSilence: TimeInterval?

    public init(heartbeat: Heartbeat?, certificateExpiresAt: Date? = nil, certificateProblem: String? = nil,
                reviewDepth: Int = 0, outbox: OutboxSummary = OutboxSummary(), feedSilence: TimeInterval? = nil) {
        self.heartbeat = heartbeat
        self.certificateExpiresAt = certificateExpiresAt
        self.certificateProblem = certificateProblem
        self.reviewDepth = reviewDepth
        self.outbox = outbox
        self.feedSilence = feedSilence
    }

    /// The listener's state at `now`.
    public func listenerState(at now: Date) -> ListenerState {
        heartbeat?.state(at: now) ?? .neverStarted
    }
}

/// The level and the reasons for it, worst first.
public struct ServiceAssessment: Sendable, Equatable {
    public var level: StatusLevel
    /// One phrase per problem ("review list 12 (over 10)"); empty when OK.
    public var problems: [String]

    public init(level: StatusLevel, problems: [String]) {
        self.level = level
        self.problems = problems
    }
}

/// Judges the facts: critical when nothing listens, warning when something needs a person soon.
public enum ServiceHealth {
    public static func assess(_ facts: ServiceFacts, thresholds: CareQueueConfig.Status, at now: Date) -> ServiceAssessment {
        var found: [(StatusLevel, String)] = []
        switch facts.listenerState(at: now) {
        case .running: break
        case .neverStarted: found.append((.critical, "no listener has run on this database"))
        case .stopped(let at): found.append((.critical, "listener stopped at \(Timestamp.iso(at))"))
        case .stale(let since):
            found.append((.critical, "listener not beating since \(Timestamp.iso(since)) (\(AgeText.short(now.timeIntervalSince(since))))"))
        }
        if let expiry = facts.certificateExpiresAt {
            let left = expiry.timeIntervalSince(now)
            if left <= 0 {
                found.append((.critical, "TLS certificate expired at \(Timestamp.iso(expiry))"))
            } else if left <= thresholds.certificateWarning {
                found.append((.warning, "TLS certificate expires in \(AgeText.short(left)) (\(Timestamp.iso(expiry)))"))
            }
        }
        if let problem = facts.certificateProblem {
            found.append((.warning, "TLS certificate not checked: \(problem)"))
        }
        if let silence = facts.feedSilence {
            found.append((.warning, "feed silent for \(AgeText.short(silence))"))
        }
        if facts.reviewDepth > thresholds.reviewBacklog {
            found.append((.warning, "review list \(facts.reviewDepth) (over \(thresholds.reviewBacklog))"))
        }
        let outbox = facts.outbox
        if outbox.waiting > thresholds.outboxBacklog {
            found.append((.warning, "outbox \(outbox.waiting) waiting (over \(thresholds.outboxBacklog))"))
        }
        if let oldest = outbox.oldestWaitingAt, now.timeIntervalSince(oldest) > thresholds.outboxAge {
            found.append((.warning, "outbox oldest waiting \(AgeText.short(now.timeIntervalSince(oldest))) "
                + "(over \(AgeText.short(thresholds.outboxAge)))"))
        }
        if outbox.failed > 0 {
            found.append((.warning, "outbox \(outbox.failed) refused by the EHR"))
        }
        let level = found.map(\.0).max() ?? .ok
        // Stable order, worst first: a pager shows the first words.
        let problems = found.enumerated().sorted { ($0.element.0, -$0.offset) > ($1.element.0, -$1.offset) }.map(\.element.1)
        return ServiceAssessment(level: level, problems: problems)
    }
}
