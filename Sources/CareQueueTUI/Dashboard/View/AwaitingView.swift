import CareQueueCore
import Foundation

/// `o`: orders and referrals awaiting their result, late first, then oldest, one a row.
enum AwaitingView {
    enum Field {
        case age, patient, test, kind, state, expected, placer, queue
    }

    /// A column, and how early it gives way on a narrow screen (highest first).
    struct AwaitingColumn {
        var field: Field
        var title: String
        var column: Column
        var dropOrder: Int
    }

    static let allColumns: [AwaitingColumn] = [
        AwaitingColumn(field: .age, title: "Age", column: Column(.fixed(5), alignment: .right), dropOrder: 0),
        AwaitingColumn(field: .patient, title: "Patient", column: Column(.flexible(min: 10, weight: 4)), dropOrder: 1),
        AwaitingColumn(field: .test, title: "Test / reason", column: Column(.flexible(min: 8, weight: 4)), dropOrder: 2),
        // A referral says "referred", so its kind is the first to go.
        AwaitingColumn(field: .kind, title: "Kind", column: Column(.fixed(8)), dropOrder: 5),
        AwaitingColumn(field: .state, title: "State", column: Column(.fixed(11)), dropOrder: 3),
        AwaitingColumn(field: .expected, title: "Expected", column: Column(.fixed(9)), dropOrder: 0),
        AwaitingColumn(field: .placer, title: "Placer", column: Column(.flexible(min: 8, weight: 2)), dropOrder: 6),
        AwaitingColumn(field: .queue, title: "Queue", column: Column(.flexible(min: 8, weight: 2)), dropOrder: 7),
    ]

    /// The columns that fit in `width` (gaps of one cell); "Queue" only over every queue.
    static func columns(fitting width: Int, everyQueue: Bool) -> [AwaitingColumn] {
        var kept = allColumns.filter { everyQueue || $0.field != .queue }
        func minimum(_ column: AwaitingColumn) -> Int {
            switch column.column.width {
            case .fixed(let cells): return cells
            case .flexible(let cells, _): return cells
            }
        }
        while kept.count > 1, kept.reduce(0, { $0 + minimum($1) }) + kept.count - 1 > width {
            kept.remove(at: kept.indices.max { kept[$0].dropOrder < kept[$1].dropOrder }!)
        }
        return kept
    }

    static func draw(_ state: DashboardState, layout: DashboardLayout, on grid: inout CellGrid) {
        let list = state.awaiting ?? AwaitingList(scope: .all)
        let page = list.page
        let count = AwaitingText.badge(awaiting: page.total, late: page.late) ?? "none"
        let title = "Awaiting results · \(AwaitingText.scopeName(list.scope, state: state)) · \(count)"
        let inside = grid.box(layout.mainPanel, role: .border, title: title)
        guard inside.height > 0 else { return }
        let columns = columns(fitting: inside.width, everyQueue: list.scope == .all)
        let spans = ColumnLayout.spans(for: columns.map(\.column), x: inside.x, width: inside.width)
        grid.put(row: columns.map(\.title), in: spans, y: inside.y, role: .queueHeader)
        guard page.total > 0 else {
            grid.put("Nothing awaits its result here: every tracked order has one", x: inside.x,
                     y: inside.y + 1 + (inside.height - 1) / 2, width: inside.width, role: .queueEmpty, alignment: .center)
            return
        }
        for line in 0..<layout.queueRowCount {
            let position = list.scroll + line
            guard let item = page.row(at: position) else { continue }
            let y = inside.y + 1 + line
            let late = item.isLate(at: state.now)
            grid.put(row: columns.map { text(for: $0.field, item: item, state: state) }, in: spans, y: y,
                     role: late ? .ageOverdue : .normal)
            if position == list.cursor {
                grid.restyle(Rect(x: inside.x, y: y, width: inside.width, height: 1), role: .queueSelected)
            }
        }
    }

    static func text(for field: Field, item: AwaitingItem, state: DashboardState) -> String {
        let order = item.order
        switch field {
        case .age: return AgeText.compact(state.now.timeIntervalSince(order.orderedAt))
        case .patient: return order.patient
        case .test: return order.test
        case .kind: return AwaitingText.kind(order)
        case .state: return order.progress
        case .expected: return AwaitingText.expected(item, state: state)
        case .placer: return order.placerNumber
        case .queue: return AwaitingText.queueName(item.queue, state: state)
        }
    }
}
