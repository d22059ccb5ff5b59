import CareQueueCore
import Foundation

/// The awaiting view's words: the per-queue count, each row's cells and the status line.
enum AwaitingText {
    /// "⌛12 (3 late)", "⌛12"; nil when nothing awaits.
    static func badge(awaiting: Int, late: Int) -> String? {
        guard awaiting > 0 else { return nil }
        return "⌛\(awaiting)" + (late > 0 ? " (\(late) late)" : "")
    }

    /// The badge of `queues` together.
    static func badge(_ queues: [QueueSummary]) -> String? {
        badge(awaiting: queues.reduce(0) { $0 + $1.awaiting }, late: queues.reduce(0) { $0 + $1.awaitingLate })
    }

    /// The provider list's cell: "12", "12!" when some are late (the `!` says it without colour).
    static func cell(_ queue: QueueSummary) -> String {
        queue.awaiting == 0 ? "" : "\(queue.awaiting)" + (queue.awaitingLate > 0 ? "!" : "")
    }

    /// "all queues", or the queue's name.
    static func scopeName(_ scope: AwaitingScope, state: DashboardState) -> String {
        switch scope {
        case .all: return "all queues"
        case .queue(let key): return queueName(key, state: state)
        }
    }

    static func queueName(_ key: QueueKey, state: DashboardState) -> String {
        state.overview.queues.first { $0.key == key }?.name ?? key.npi.map(state.providerName) ?? "Unassigned"
    }

    /// "order", "STAT" (a stat order) or "referral".
    static func kind(_ order: TrackedOrder) -> String {
        order.kind == .referral ? "referral" : order.isStat ? "STAT" : "order"
    }

    /// "late 3h05" once late; else "by 16:10" within a day, "by 03-05" further off; "" for a
    /// preliminary result (it came: nothing is expected by a time any more).
    static func expected(_ item: AwaitingItem, state: DashboardState) -> String {
        guard item.order.state == .ordered else { return "" }
        if item.isLate(at: state.now) { return "late " + AgeText.compact(state.now.timeIntervalSince(item.expectedBy)) }
        let zone = state.settings.timeZone
        if item.expectedBy.timeIntervalSince(state.now) < 86_400 { return "by " + TaskText.timeOfDay(item.expectedBy, timeZone: zone) }
        return "by " + day(item.expectedBy, timeZone: zone)
    }

    /// "03-05" in `timeZone`.
    static func day(_ date: Date, timeZone: TimeZone) -> String {
        String(TaskText.dateTime(date, timeZone: timeZone).dropFirst(5).prefix(5))
    }

    /// "03-05 16:10" in `timeZone`.
    static func dayAndTime(_ date: Date, timeZone: TimeZone) -> String {
        day(date, timeZone: timeZone) + " " + TaskText.timeOfDay(date, timeZone: timeZone)
    }

    /// The status line: "P-1 Potassium · Müller, Anna (M-1) · ordered 03-01 08:10 by Dr Ada Chen ·
    /// expected 03-01 12:10, late 2 h", and the result's task when there is one.
    static func summary(_ item: AwaitingItem, state: DashboardState) -> String {
        let order = item.order
        let zone = state.settings.timeZone
        var parts = ["\(order.placerNumber) \(order.test)", "\(order.patient) (\(order.mrn))"]
        let by = order.orderingNPI.map(state.providerName) ?? (order.orderingName.isEmpty ? nil : order.orderingName)
        parts.append("\(order.kind == .referral ? "referred" : "ordered") \(dayAndTime(order.orderedAt, timeZone: zone))"
            + (by.map { " by \($0)" } ?? ""))
        if let resultedAt = order.resultedAt {
            parts.append("preliminary result \(dayAndTime(resultedAt, timeZone: zone))")
        } else {
            let late = item.isLate(at: state.now) ? ", late \(AgeText.short(state.now.timeIntervalSince(item.expectedBy)))" : ""
            parts.append("expected \(dayAndTime(item.expectedBy, timeZone: zone))\(late)")
        }
        if let task = order.resultTaskID { parts.append("result: task \(task) (Enter)") }
        return parts.joined(separator: " · ")
    }
}
