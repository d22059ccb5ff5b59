import CareQueueCore
import Foundation

/// What the ticker announces, newest first: the sweep's escalations (of tasks and of review-list
/// messages left open) and the EHR's refusals of our messages, mixed by when each happened.
enum TickerEntries {
    struct Entry: Equatable {
        var at: Date
        var text: String
        var role: StyleRole
    }

    /// The EHR's words shown at most this wide: they came from the network.
    static let reasonWidth = 60

    static func entries(_ state: DashboardState) -> [Entry] {
        let escalations = state.overview.ticker.map { item in
            Entry(at: item.at, text: TickerView.text(item, state: state),
                  role: item.urgency == .critical ? .tickerCritical : .ticker)
        }
        let messages = state.overview.reviewEscalations.map { escalation in
            Entry(at: escalation.dueAt, text: reviewText(escalation, state: state), role: .review)
        }
        let refusals = state.overview.outbox.recentFailures.map { entry in
            Entry(at: refusedAt(entry), text: refusalText(entry, state: state), role: .review)
        }
        // Stable: equal times keep escalations (already newest first) ahead of refusals.
        return (escalations + messages + refusals).enumerated()
            .sorted { ($0.element.at, -$0.offset) > ($1.element.at, -$1.offset) }
            .map(\.element)
    }

    /// "14:02 ⇢ EHR refused close of task 42 · Müller, Anna · Potassium: AE: unknown patient"
    static func refusalText(_ entry: OutboxEntry, state: DashboardState) -> String {
        let time = TaskText.timeOfDay(refusedAt(entry), sameDayAs: state.now, timeZone: state.settings.timeZone)
        let reason = ScreenText.truncate(entry.lastError ?? entry.ackCode ?? "refused", toWidth: reasonWidth)
        return "\(time) ⇢ EHR refused \(entry.event.rawValue) of task \(entry.taskID) · \(entry.patient) · \(entry.test): \(reason)"
    }

    /// "14:02 L1 → care coordinators: Refused message 12 from LAB / MAIN open 1 h: PID-3 has no MRN (v)"
    static func reviewText(_ escalation: RecordedReviewEscalation, state: DashboardState) -> String {
        let time = TaskText.timeOfDay(escalation.dueAt, sameDayAs: state.now, timeZone: state.settings.timeZone)
        let reason = ScreenText.truncate(escalation.reason, toWidth: reasonWidth + 40)
        return "\(time) L\(escalation.level) → \(escalation.target): \(reason) (v: review list)"
    }

    /// "⇢ EHR unreachable 5m: 3 messages waiting" while the EHR does not answer; nil while it does.
    static func unreachableText(_ summary: OutboxSummary, at now: Date) -> String? {
        guard let since = summary.unreachableSince else { return nil }
        let waiting = summary.waiting == 1 ? "1 message waiting" : "\(summary.waiting) messages waiting"
        return "⇢ EHR unreachable \(AgeText.compact(max(0, now.timeIntervalSince(since)))): \(waiting)"
    }

    /// When the EHR refused it (the row's end), else its last send.
    private static func refusedAt(_ entry: OutboxEntry) -> Date {
        entry.finishedAt ?? entry.lastAttemptAt ?? entry.createdAt
    }
}
