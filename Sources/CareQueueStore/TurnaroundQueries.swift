import CareQueueCore
import Foundation

extension CareQueueDatabase {
    /// `report`'s turnaround per test over the orders and referrals placed in `period` (see `TurnaroundReport`).
    public func turnaroundReport(period: ReportPeriod, turnaround: CareQueueConfig.Turnaround) throws -> [TurnaroundReport.Row] {
        let period = ReportRows.wholeSeconds(period)
        let orders = try engine.read { db in
            try db.fetchAll("\(OrderRows.select) WHERE o.ordered_at >= ? AND o.ordered_at < ? AND o.state <> 'cancelled' ORDER BY o.id") {
                ReportRows.bind(period, &$0)
            }.map(OrderRows.order)
        }
        return TurnaroundReport.rows(orders: orders, period: period, turnaround: turnaround)
    }
}
