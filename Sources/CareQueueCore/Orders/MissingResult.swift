import Foundation
import HL7

/// The task an order becomes when its result (or a referral's consult note) is not in by the time
/// `[turnaround]` expects it: in the ordering provider's queue, tiered `missing_tier` (stat orders
/// critical), its clock started at the expected time so it escalates like a late result.
public enum MissingResult {
    /// The overdue order, as the store keeps it.
    public struct Overdue: Sendable, Equatable {
        public var order: TrackedOrder
        public var patient: Patient
        /// The provider the order named (ORC-12/OBR-16, PRD for a referral), as sent.
        public var orderingProvider: ProviderReference?
        public var expectedBy: Date

        public init(order: TrackedOrder, patient: Patient, orderingProvider: ProviderReference?, expectedBy: Date) {
            self.order = order
            self.patient = patient
            self.orderingProvider = orderingProvider
            self.expectedBy = expectedBy
        }
    }

    /// The tier: stat orders are always critical.
    public static func tier(of order: TrackedOrder, turnaround: CareQueueConfig.Turnaround) -> Urgency {
        order.isStat ? .critical : turnaround.missingTier
    }

    /// The new task. Routed as a result of the order would be, at `now`.
    public static func task(for overdue: Overdue, roster: Roster, turnaround: CareQueueConfig.Turnaround,
                            windows: CareQueueConfig.Windows, timeZone: TimeZone, at now: Date) -> TaskState {
        let order = overdue.order
        let urgency = tier(of: order, turnaround: turnaround)
        let started = overdue.expectedBy
        return TaskState(
            key: OrderKey(sender: order.sender, placerNumber: nil, fillerNumber: nil, serviceCode: order.serviceCode),
            serviceText: title(order), patient: overdue.patient,
            routing: Router.route(overdue.orderingProvider, roster: roster, at: now),
            urgency: urgency, urgencyReason: reason(overdue, timeZone: timeZone), resultStatus: "",
            status: .open, receivedAt: started, clockStartedAt: started,
            dueAt: started.addingTimeInterval(windows.window(for: urgency)), observations: [])
    }

    static let resultTitle = "Result not received: "
    static let noteTitle = "Consult note not received: "

    /// "Result not received: Potassium" (or "Consult note not received: Cardiology").
    public static func title(_ order: TrackedOrder) -> String {
        (order.kind == .referral ? noteTitle : resultTitle) + order.test
    }

    /// "Potassium" from its task's title: what a narrow test column shows beside "no result".
    public static func test(fromTitle title: String) -> String {
        for prefix in [resultTitle, noteTitle] where title.hasPrefix(prefix) {
            return String(title.dropFirst(prefix.count))
        }
        return title
    }

    /// "result not received: Potassium (stat) ordered 2026-03-01 08:10, expected by 10:10".
    public static func reason(_ overdue: Overdue, timeZone: TimeZone) -> String {
        let order = overdue.order
        let ordered = LocalMinute(order.orderedAt, timeZone: timeZone)
        let expected = LocalMinute(overdue.expectedBy, timeZone: timeZone)
        let what = order.kind == .referral ? "consult note not received: \(order.test) referred"
            : "result not received: \(order.test)\(order.isStat ? " (stat)" : "") ordered"
        let by = expected.day == ordered.day ? expected.time : expected.text
        return "\(what) \(ordered.text), expected by \(by)"
    }
}

/// A minute in a time zone, as "2026-03-01 08:10".
struct LocalMinute {
    var day: String
    var time: String
    var text: String { "\(day) \(time)" }

    init(_ instant: Date, timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        day = ZeroPadding.padded(parts.year ?? 0, to: 4) + "-" + ZeroPadding.padded(parts.month ?? 0, to: 2) + "-"
            + ZeroPadding.padded(parts.day ?? 0, to: 2)
        time = ZeroPadding.padded(parts.hour ?? 0, to: 2) + ":" + ZeroPadding.padded(parts.minute ?? 0, to: 2)
    }
}
