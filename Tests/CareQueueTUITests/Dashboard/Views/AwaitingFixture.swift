import CareQueueCore
import CareQueueTUI
import Foundation

/// Orders and referrals awaiting their result, in Dr Chen's, Dr Okafor's and the Unassigned queue,
/// beside `DashboardFixture`'s tasks; names and a test that break naive width handling and escaping.
enum AwaitingFixture {
    static let now = DashboardFixture.now
    static let chen = DashboardFixture.chen
    static let okafor = DashboardFixture.okafor
    static let turnaround = CareQueueConfig.Turnaround()

    static func hours(_ value: Double) -> TimeInterval { value * 3600 }

    static func item(_ id: Int64, kind: OrderMessage.Kind = .order, patient: String, mrn: String, test: String,
                     placer: String, age: TimeInterval, by npi: String? = chen, stat: Bool = false,
                     state: TrackedOrder.State = .ordered, task: Int64? = nil) -> AwaitingItem {
        let order = TrackedOrder(
            id: id, kind: kind, sender: SenderID(application: "EHR", facility: "CLINIC"), mrn: mrn, patient: patient,
            placerNumber: placer, serviceCode: test.uppercased(), serviceText: test, orderingNPI: npi,
            orderingName: npi == nil ? "" : "Ordering Provider", priority: stat ? "S" : nil,
            orderedAt: now.addingTimeInterval(-age), state: state,
            resultedAt: state == .ordered ? nil : now.addingTimeInterval(-age / 2), resultTaskID: task)
        let queue: QueueKey = npi.map { [chen, okafor].contains($0) ? .provider(npi: $0) : .unassigned } ?? .unassigned
        return AwaitingItem(order: order, expectedBy: turnaround.expectedBy(order), queue: queue)
    }

    /// Unsorted: the fake data sorts as the store does (late first, then oldest).
    static let items: [AwaitingItem] = [
        item(1, patient: "Müller, Anna", mrn: "M-100234", test: "Potassium", placer: "P-2001", age: hours(2.5), stat: true),
        item(2, kind: .referral, patient: "García, José", mrn: "G-5512", test: "Cardiology consult", placer: "RF-77",
             age: hours(31 * 24)),
        item(3, patient: "Nguyễn, Thị Hoa", mrn: "N-0042", test: "TSH", placer: "P-2003", age: hours(3 * 24)),
        item(4, patient: "山田, 患者", mrn: "JP-7781", test: "Blood culture", placer: "P-2004", age: hours(20),
             state: .preliminary, task: 57),
        item(5, patient: "Evil\u{1B}[31mName, Test", mrn: "X-0071", test: "CBC\u{1B}]0;pwned\u{07}", placer: "P-2005",
             age: hours(1)),
        item(6, patient: "Smith, John", mrn: "S-0090", test: "Vitamin D", placer: "P-2006", age: hours(8 * 24),
             by: okafor),
        item(7, patient: "Doe, Jane", mrn: "D-0080", test: "Lipid panel", placer: "P-2007", age: hours(26), by: nil),
    ]

    /// The store's order: late first, then oldest order first.
    static func sorted(_ items: [AwaitingItem], at now: Date) -> [AwaitingItem] {
        items.sorted { ($0.isLate(at: now) ? 0 : 1, $0.order.orderedAt, $0.order.id)
            < ($1.isLate(at: now) ? 0 : 1, $1.order.orderedAt, $1.order.id) }
    }

    /// `DashboardFixture.overview` with each queue's awaiting and late counts off `items`.
    static var overview: DashboardOverview {
        var overview = DashboardFixture.overview
        for index in overview.queues.indices {
            let mine = items.filter { $0.queue == overview.queues[index].key }
            overview.queues[index].awaiting = mine.count
            overview.queues[index].awaitingLate = mine.filter { $0.isLate(at: now) }.count
        }
        return overview
    }

    /// The dashboard on Dr Chen's queue with the awaiting counts read.
    static func state(size: GridSize, cursor: Int = 1) -> DashboardState {
        var state = ViewFixture.state(size: size, cursor: cursor)
        _ = Dashboard.update(&state, .overviewLoaded(overview))
        return state
    }
}

extension FakeViewData {
    func awaiting(_ scope: AwaitingScope, offset: Int, limit: Int, at now: Date) throws -> AwaitingPage {
        let inScope = AwaitingFixture.sorted(awaitingItems, at: now).filter { item in
            if case .queue(let key) = scope { return item.queue == key }
            return true
        }
        return AwaitingPage(scope: scope, offset: offset, total: inScope.count,
                            late: inScope.filter { $0.isLate(at: now) }.count,
                            rows: Array(inScope.dropFirst(offset).prefix(limit)))
    }
}
