import Foundation

/// The outbox as the dashboard's header and ticker show it.
public struct OutboxSummary: Sendable, Equatable {
    /// Rows not yet acknowledged (held for undo, sending or retrying), and when the oldest was written.
    public var waiting: Int
    public var oldestWaitingAt: Date?
    /// When the sends of the oldest retrying row started failing: the EHR has not answered since.
    public var unreachableSince: Date?
    /// Rows the EHR refused (AE/AR) that nobody has retried.
    public var failed: Int
    /// The latest refusals, newest first, for the ticker.
    public var recentFailures: [OutboxEntry]

    public init(waiting: Int = 0, oldestWaitingAt: Date? = nil, unreachableSince: Date? = nil, failed: Int = 0,
                recentFailures: [OutboxEntry] = []) {
        self.waiting = waiting
        self.oldestWaitingAt = oldestWaitingAt
        self.unreachableSince = unreachableSince
        self.failed = failed
        self.recentFailures = recentFailures
    }

    /// "⇢ 3 waiting, oldest 2m", "⇢ EHR unreachable 5m, 3 waiting", "⇢ 1 failed"; nil when there is
    /// nothing to say (everything delivered, or no outbound destination).
    public func headerText(at now: Date) -> String? {
        var parts: [String] = []
        if let unreachableSince {
            parts.append("EHR unreachable \(AgeText.compact(now.timeIntervalSince(unreachableSince)))")
            parts.append("\(waiting) waiting")
        } else if waiting > 0 {
            let oldest = oldestWaitingAt.map { ", oldest \(AgeText.compact(now.timeIntervalSince($0)))" } ?? ""
            parts.append("\(waiting) waiting\(oldest)")
        }
        if failed > 0 { parts.append("\(failed) failed") }
        return parts.isEmpty ? nil : "⇢ " + parts.joined(separator: ", ")
    }
}
