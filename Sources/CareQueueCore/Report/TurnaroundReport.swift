import Foundation

/// `report`'s turnaround per test: over the orders and referrals placed in a period, how many were
/// resulted by its end, how long the result took (median and 90th percentile, order → first
/// result), and the share resulted within the time `[turnaround]` expected it by.
public enum TurnaroundReport {
    /// One line: a test (or referral reason) of one kind, or all of them.
    public struct Row: Sendable, Equatable {
        public enum Group: Sendable, Equatable {
            /// `name`: the test's text as the latest order named it, else its code.
            case test(kind: OrderMessage.Kind, code: String, name: String)
            case all
        }

        public var group: Group
        public var figures: Figures

        public init(group: Group, figures: Figures) {
            self.group = group
            self.figures = figures
        }

        /// JSON keys and CSV header.
        public static let columns = ["kind", "test_code", "test", "ordered", "resulted", "median_turnaround_s",
                                     "p90_turnaround_s", "resulted_in_time_rate", "awaiting", "overdue"]

        /// The group's kind, code and name; nil kind and code for the row of all tests.
        public var groupValues: (kind: String?, code: String?, name: String) {
            switch group {
            case .test(let kind, let code, let name): return (kind.rawValue, code, name)
            case .all: return (nil, nil, "All")
            }
        }

        /// The figures after the group's three columns, in `columns` order.
        public var figureValues: [QueueReport.Row.Value] {
            let f = figures
            return [.count(f.ordered), .count(f.resulted), .seconds(f.medianTurnaroundSeconds),
                    .seconds(f.p90TurnaroundSeconds), .number(f.resultedInTimeRate), .count(f.awaiting), .count(f.overdue)]
        }

        /// Every value in `columns` order, as CSV text ("" for null).
        public var fields: [String] {
            let group = groupValues
            return [group.kind ?? "", group.code ?? "", group.name] + figureValues.map(\.text)
        }
    }

    public struct Figures: Sendable, Equatable {
        /// Placed in the period and not cancelled.
        public var ordered = 0
        /// Of them, resulted (preliminary or final) before the period's end.
        public var resulted = 0
        /// Seconds from the order to its first result, over those resulted; nil with none.
        public var medianTurnaroundSeconds: Int?
        /// The 90th percentile of the same (nearest rank: the ⌈0.9·n⌉-th shortest).
        public var p90TurnaroundSeconds: Int?
        /// Of the orders decided by the period's end — resulted, or still awaiting past their
        /// expected time — the share resulted before their expected time; nil when none is decided.
        public var resultedInTimeRate: Double?
        /// Not resulted by the period's end; `overdue`: of those, past their expected time.
        public var awaiting = 0
        public var overdue = 0

        public init() {}

        /// The figures of `orders` as they stood at `end`.
        public init(orders: [TrackedOrder], at end: Date, turnaround: CareQueueConfig.Turnaround) {
            var seconds: [Int] = []
            var inTime = 0
            var decided = 0
            for order in orders {
                ordered += 1
                let expectedBy = turnaround.expectedBy(order)
                if let resultedAt = order.resultedAt, resultedAt < end {
                    resulted += 1
                    decided += 1
                    // A result stored before its order counts as immediate.
                    seconds.append(max(0, Int(resultedAt.timeIntervalSince(order.orderedAt).rounded(.down))))
                    // As the sweep does: at the expected time itself the order is overdue.
                    if resultedAt < expectedBy { inTime += 1 }
                } else {
                    awaiting += 1
                    if expectedBy <= end {
                        overdue += 1
                        decided += 1
                    }
                }
            }
            seconds.sort()
            medianTurnaroundSeconds = QueueReport.median(seconds)
            p90TurnaroundSeconds = TurnaroundReport.percentile90(seconds)
            resultedInTimeRate = QueueReport.rate(inTime, of: decided)
        }
    }

    /// One row per test placed in `period` (orders by code, then referrals by reason code), then
    /// the row of all of them; cancelled orders and those placed outside the period are left out.
    /// Empty when nothing was placed.
    public static func rows(orders: [TrackedOrder], period: ReportPeriod,
                            turnaround: CareQueueConfig.Turnaround) -> [Row] {
        let counted = orders.filter { $0.state != .cancelled && period.contains($0.orderedAt) }
        guard !counted.isEmpty else { return [] }
        let byTest = Dictionary(grouping: counted) { TestKey(kind: $0.kind, code: $0.serviceCode) }
        let tests = byTest.keys.sorted { ($0.kind == .referral ? 1 : 0, $0.code) < ($1.kind == .referral ? 1 : 0, $1.code) }
        return tests.map { key in
            let members = byTest[key] ?? []
            let latest = members.max { ($0.orderedAt, $0.id) < ($1.orderedAt, $1.id) }
            return Row(group: .test(kind: key.kind, code: key.code, name: latest?.test ?? key.code),
                       figures: Figures(orders: members, at: period.to, turnaround: turnaround))
        } + [Row(group: .all, figures: Figures(orders: counted, at: period.to, turnaround: turnaround))]
    }

    private struct TestKey: Hashable {
        var kind: OrderMessage.Kind
        var code: String
    }

    /// Nearest rank: the ⌈0.9·n⌉-th of `sorted`; nil for none.
    static func percentile90(_ sorted: [Int]) -> Int? {
        guard !sorted.isEmpty else { return nil }
        return sorted[(9 * sorted.count + 9) / 10 - 1]
    }
}
