import Foundation

extension CareQueueConfig {
    /// `[turnaround]` and `[turnaround_tests]`: how long a result may take to arrive after its order.
    public struct Turnaround: Sendable, Equatable {
        /// An order's result, unless its test has its own time.
        public var defaultWindow: TimeInterval = 7 * 86_400
        /// A stat order (priority `S`): its test's own time when shorter.
        public var stat: TimeInterval = 2 * 3600
        /// A referral's consult note.
        public var referral: TimeInterval = 30 * 86_400
        /// The tier of the task a missing result becomes (stat orders are always critical).
        public var missingTier: Urgency = .abnormal
        /// The tier of the task a consult note becomes for the referring provider.
        public var consultNoteTier: Urgency = .routine
        /// `[turnaround_tests]`: test code (LOINC or local, OBR-4.1) → its own time.
        public var tests: [String: TimeInterval] = [:]

        public init() {}

        /// How long `order`'s result (or consult note) may take.
        public func window(for order: TrackedOrder) -> TimeInterval {
            window(kind: order.kind, serviceCode: order.serviceCode, isStat: order.isStat)
        }

        /// How long the result of an order of `kind` for test `serviceCode` may take.
        public func window(kind: OrderMessage.Kind, serviceCode: String, isStat: Bool) -> TimeInterval {
            if kind == .referral { return referral }
            let test = tests[serviceCode] ?? defaultWindow
            return isStat ? min(stat, test) : test
        }

        /// The setting `window(kind:serviceCode:isStat:)` took its time from, for `rules try`:
        /// "[turnaround] referral", "[turnaround] stat", "[turnaround_tests] 6298-4" or "[turnaround] default".
        public func windowRule(kind: OrderMessage.Kind, serviceCode: String, isStat: Bool) -> String {
            if kind == .referral { return "[turnaround] referral" }
            let own = tests[serviceCode]
            if isStat, stat < (own ?? defaultWindow) { return "[turnaround] stat" }
            return own == nil ? "[turnaround] default" : "[turnaround_tests] \(serviceCode)"
        }

        /// When `order`'s result is expected at the latest: as stored when the order came (the
        /// rules of that moment), else by today's rules.
        public func expectedBy(_ order: TrackedOrder) -> Date {
            order.expectedBy ?? order.orderedAt.addingTimeInterval(window(for: order))
        }

        /// Still awaiting its result at `now`, past the time it was expected by.
        public func isOverdue(_ order: TrackedOrder, at now: Date) -> Bool {
            order.state == .ordered && expectedBy(order) <= now
        }
    }
}
