import CareQueueCore
import CareQueueSimulator
import Foundation
import Testing
@testable import carequeue

/// The demo's feed (one message a second, orders on) under its short `[turnaround]`: within three
/// minutes some orders are overdue, and most orders are resulted.
@Suite("Demo: orders go overdue within minutes")
struct DemoOrdersTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    @Test("the demo's expected times are short and per-test times are dropped; the tiers stay as configured")
    func turnaround() {
        var configured = CareQueueConfig.Turnaround()
        configured.tests["2823-3"] = 4 * 3600
        configured.missingTier = .critical
        let demo = DemoCommand.demoTurnaround(from: configured)
        #expect(demo.defaultWindow == 120 && demo.stat == 60 && demo.referral == 600)
        #expect(demo.tests.isEmpty && demo.missingTier == .critical)
    }

    @Test("after three minutes of the demo feed some orders are overdue and most are resulted", arguments: Array(1...12) as [UInt64])
    func overdueWithinMinutes(seed: UInt64) {
        let turnaround = DemoCommand.demoTurnaround(from: .init())
        var simulator = ResultSimulator(roster: KillTestTrafficTests.roster, seed: seed, orders: OrderFlow())
        var orders: [String: TrackedOrder] = [:]
        for second in 0..<180 {
            let now = Self.start.addingTimeInterval(Double(second))
            let message = simulator.next(at: now)
            for placed in message.placed where placed.kind == .order {
                orders[message.patient.mrn + placed.placerNumber + placed.serviceCode] = TrackedOrder(
                    id: Int64(orders.count + 1), kind: .order, sender: message.sender, mrn: message.patient.mrn,
                    patient: "", placerNumber: placed.placerNumber, serviceCode: placed.serviceCode,
                    serviceText: placed.serviceText, priority: placed.priority, orderedAt: now, state: .ordered)
            }
            for result in message.orders {
                let key = message.patient.mrn + (result.result.placerNumber ?? "") + result.result.serviceCode
                if orders[key]?.state == .ordered {
                    orders[key]?.state = .final
                    orders[key]?.resultedAt = now
                }
            }
        }
        let end = Self.start.addingTimeInterval(180)
        let overdue = orders.values.filter { turnaround.isOverdue($0, at: end) }
        let resulted = orders.values.filter { $0.state == .final }
        #expect(overdue.count >= 1, "\(orders.count) orders, none overdue after 3 min")
        #expect(Double(resulted.count) >= 0.6 * Double(orders.count), "\(resulted.count) of \(orders.count) resulted")
    }
}
