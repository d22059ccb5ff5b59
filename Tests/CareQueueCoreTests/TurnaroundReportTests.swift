import CareQueueCore
import Foundation
import Testing

/// `report`'s turnaround per test, from plain orders, at the exact boundaries.
@Suite("Report: turnaround per test")
struct TurnaroundReportTests {
    static let from = Date(timeIntervalSince1970: 1_772_352_000)  // 2026-03-01T08:00:00Z
    static let to = from.addingTimeInterval(24 * 3600)
    static let period = ReportPeriod(from: from, to: to)
    static let hour: TimeInterval = 3600

    /// Potassium expects 4 h; anything else the default 7 d; stat 2 h; referrals 30 d.
    static let turnaround: CareQueueConfig.Turnaround = {
        var turnaround = CareQueueConfig.Turnaround()
        turnaround.tests["2823-3"] = 4 * hour
        return turnaround
    }()

    /// An order placed `placedAfter` the period's start, resulted `resultedAfter` the order.
    static func order(_ code: String = "2823-3", text: String = "Potassium", kind: OrderMessage.Kind = .order,
                      placed placedAfter: TimeInterval = 0, resulted resultedAfter: TimeInterval? = nil,
                      priority: String? = nil, state: TrackedOrder.State? = nil, id: Int64 = 1) -> TrackedOrder {
        let orderedAt = from.addingTimeInterval(placedAfter)
        return TrackedOrder(id: id, kind: kind, sender: SenderID(application: "EHR", facility: ""), mrn: "MRN1",
                            patient: "Doe, Jan", placerNumber: "PL\(id)", serviceCode: code, serviceText: text,
                            priority: priority, orderedAt: orderedAt,
                            state: state ?? (resultedAfter == nil ? .ordered : .final),
                            resultedAt: resultedAfter.map { orderedAt.addingTimeInterval($0) })
    }

    static func figures(_ orders: [TrackedOrder], at end: Date = to) -> TurnaroundReport.Figures {
        TurnaroundReport.Figures(orders: orders, at: end, turnaround: turnaround)
    }

    @Test("a result at the expected time itself is late, one second before is in time (as the sweep decides)")
    func expectedBoundary() {
        #expect(Self.figures([Self.order(resulted: 4 * Self.hour - 1)]).resultedInTimeRate == 1)
        #expect(Self.figures([Self.order(resulted: 4 * Self.hour)]).resultedInTimeRate == 0)
        // Stat: 2 h, shorter than potassium's own 4 h.
        #expect(Self.figures([Self.order(resulted: 2 * Self.hour, priority: "S")]).resultedInTimeRate == 0)
        #expect(Self.figures([Self.order(resulted: 2 * Self.hour - 1, priority: "S")]).resultedInTimeRate == 1)
    }

    @Test("an order still awaiting counts as not within once its time is up at the period's end, not before")
    func awaitingBoundary() {
        let waiting = Self.order(placed: 20 * Self.hour)  // expected by 24 h: exactly the end
        let atEnd = Self.figures([waiting])
        #expect(atEnd.awaiting == 1 && atEnd.overdue == 1 && atEnd.resultedInTimeRate == 0)
        let before = Self.figures([waiting], at: Self.to.addingTimeInterval(-1))
        #expect(before.awaiting == 1 && before.overdue == 0 && before.resultedInTimeRate == nil, "undecided")
        // Resulted after the end: as of the end it was still awaiting.
        let later = Self.figures([Self.order(placed: 23 * Self.hour, resulted: 2 * Self.hour)])
        #expect(later.resulted == 0 && later.awaiting == 1 && later.medianTurnaroundSeconds == nil)
    }

    @Test("median and p90 (nearest rank) of order → first result, in whole seconds", arguments: [
        ([600.0], 600, 600),
        ([600.0, 1_201.5], 900, 1_201),
        ((1...10).map { Double($0) * 60 }, 330, 540),      // p90 of 10: the 9th
        ((1...11).map { Double($0) * 60 }, 360, 600),      // p90 of 11: the 10th (⌈9.9⌉)
        ((1...20).map { Double($0) * 60 }, 630, 1_080),    // p90 of 20: the 18th
    ] as [([TimeInterval], Int, Int)])
    func percentiles(_ seconds: [TimeInterval], _ median: Int, _ p90: Int) {
        let orders = seconds.reversed().enumerated().map { index, after in
            Self.order("58410-2", placed: Double(index), resulted: after, id: Int64(index + 1))
        }
        let figures = Self.figures(orders)
        #expect(figures.resulted == seconds.count)
        #expect(figures.medianTurnaroundSeconds == median)
        #expect(figures.p90TurnaroundSeconds == p90)
    }

    @Test("rows per test (orders by code, then referrals), then All; cancelled and outside the period left out")
    func rows() throws {
        let orders = [
            Self.order(placed: 0, resulted: Self.hour, id: 1),                              // in time
            Self.order(placed: 60, resulted: 5 * Self.hour, id: 2),                         // late
            Self.order(placed: 120, id: 3),                                                 // overdue at the end
            Self.order("58410-2", text: "CBC panel", placed: 3 * Self.hour, resulted: 30 * 60, id: 4),
            Self.order("58410-2", text: "CBC panel - Blood", placed: 4 * Self.hour, id: 5), // awaiting, not yet due
            Self.order("CARD", text: "Cardiology", kind: .referral, placed: 0, id: 6),
            Self.order(placed: 10, state: .cancelled, id: 7),
            Self.order(placed: -1, resulted: 60, id: 8),                                    // before the period
            Self.order(placed: 24 * Self.hour, id: 9),                                      // at its end: outside
        ]
        let rows = TurnaroundReport.rows(orders: orders, period: Self.period, turnaround: Self.turnaround)

        #expect(rows.map(\.group) == [
            .test(kind: .order, code: "2823-3", name: "Potassium"),
            .test(kind: .order, code: "58410-2", name: "CBC panel - Blood"),  // the latest order's text
            .test(kind: .referral, code: "CARD", name: "Cardiology"),
            .all,
        ])
        let potassium = rows[0].figures
        #expect(potassium.ordered == 3 && potassium.resulted == 2 && potassium.awaiting == 1 && potassium.overdue == 1)
        #expect(potassium.medianTurnaroundSeconds == 3 * 3600 && potassium.p90TurnaroundSeconds == 5 * 3600)
        #expect(potassium.resultedInTimeRate == 0.3333)
        #expect(rows[1].figures.resultedInTimeRate == 1, "the CBC still awaiting within its 7 days is undecided")
        #expect(rows[2].figures.awaiting == 1 && rows[2].figures.overdue == 0)
        let all = rows[3].figures
        #expect(all.ordered == 6 && all.resulted == 3 && all.awaiting == 3 && all.overdue == 1)
        #expect(all.resultedInTimeRate == 0.5)
        #expect(rows[3].fields == ["", "", "All", "6", "3", "3600", "18000", "0.5", "3", "1"])
        #expect(rows[0].fields.prefix(3) == ["order", "2823-3", "Potassium"])
    }

    @Test("nothing placed in the period: no rows; a result stored before its order counts as immediate")
    func edges() {
        #expect(TurnaroundReport.rows(orders: [Self.order(placed: -60)], period: Self.period, turnaround: Self.turnaround).isEmpty)
        let early = Self.figures([Self.order(placed: 600, resulted: -300)])
        #expect(early.medianTurnaroundSeconds == 0 && early.resultedInTimeRate == 1)
    }
}
