import Testing
import CareQueueCore
import TestSupport
@testable import CareQueueSimulator

@Suite("Simulator: urgency mix and variety")
struct UrgencyMixTests {
    static let orders = SimulationFixtures.corpusOrders

    static func share(_ urgency: Urgency) -> Double {
        Double(orders.filter { $0.urgency == urgency }.count) / Double(orders.count)
    }

    @Test("over 5,000 messages the mix by order is about 75 / 20 / 5", arguments: [
        Named("routine", Urgency.routine, 0.62...0.85),
        Named("abnormal", Urgency.abnormal, 0.12...0.30),
        Named("critical", Urgency.critical, 0.02...0.10),
    ])
    func mix(_ test: Named<Urgency, ClosedRange<Double>>) {
        #expect(Self.orders.count >= 5_000)
        #expect(test.expected.contains(Self.share(test.input)), "share \(Self.share(test.input))")
    }

    @Test("each order's planned urgency is what CareQueue's tiering rules make of its flags")
    func tieringAgrees() {
        let tiers = CareQueueConfig.Tiers()
        for order in Self.orders {
            #expect(Tiering.classify(order.result, tiers: tiers).urgency == order.urgency,
                    "\(order.result.serviceCode) \(order.result.observations.map(\.flags))")
        }
    }

    @Test("the feed is varied: every test of the catalogue, several tests reach critical")
    func variety() {
        let codes = Set(Self.orders.map(\.result.serviceCode))
        #expect(codes == ["24321-2", "58410-2", "24331-1", "3016-3", "4548-4", "PTINR", "10839-9", "24357-6", "600-7",
                          "71046", "70450", "76700"])
        let criticalCodes = Set(Self.orders.filter { $0.urgency == .critical }.map(\.result.serviceCode))
        #expect(criticalCodes.count >= 6)
        let flags = Set(Self.orders.flatMap(\.result.observations).flatMap(\.flags))
        #expect(flags.isSuperset(of: ["N", "H", "L", "HH", "LL", "A", "AA"]))
    }

    @Test("panels often come with a second order for the same patient")
    func secondOrders() {
        let pairs = SimulationFixtures.corpus.filter { $0.orders.count == 2 }.count
        #expect((300...1_200).contains(pairs))
        #expect(SimulationFixtures.corpus.allSatisfy { (1...2).contains($0.orders.count) })
    }
}
