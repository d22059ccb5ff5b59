import CareQueueCore
import Foundation
import GRDB

extension CareQueueDatabase {
    /// `report`'s turnaround per test over the orders and referrals placed in `period` (see `TurnaroundReport`).
    public func turnaroundReport(period: ReportPeriod, turnaround: CareQueueConfig.Turnaround) throws -> [TurnaroundReport.Row] {
        let period = ReportRows.wholeSeconds(period)
        let orders = try read { db in
            try Row.fetchAll(db, sql: "\(OrderRows.select) WHERE o.ordered_at >= ? AND o.ordered_at < ? AND o.state <> 'cancelled'",
                             arguments: ReportRows.range(period)).map(OrderRows.order)
        }
        return TurnaroundReport.rows(orders: orders, period: period, turnaround: turnaround)
    }
}
