import CareQueueCore
import Foundation
import HL7
import Testing
@testable import CareQueueSimulator

/// The simulator with orders: each result of a placed order follows it under the same MRN and
/// placer number, a few orders are never resulted, some are stat, a few referrals go out.
@Suite("Simulator: orders before results")
struct OrderFlowTests {
    static func run(seed: UInt64, count: Int, flow: OrderFlow = OrderFlow()) -> [SimulatedMessage] {
        var simulator = ResultSimulator(roster: SimulationFixtures.roster, seed: seed, timeZone: SimulationFixtures.utc,
                                        orders: flow)
        return (0..<count).map { simulator.next(at: SimulationFixtures.start.addingTimeInterval(Double($0) * 7)) }
    }

    static let corpus = run(seed: 20_260_301, count: 4_000)

    /// An order's key as the store matches a result to it.
    struct Key: Hashable {
        var mrn: String
        var placer: String
        var code: String
    }

    struct Placed {
        var index: Int
        var placement: SimulatedPlacement
    }

    static let placedOrders: [Key: Placed] = {
        var placed: [Key: Placed] = [:]
        for (index, message) in corpus.enumerated() where message.kind == .order {
            for placement in message.placed {
                placed[Key(mrn: message.patient.mrn, placer: placement.placerNumber, code: placement.serviceCode)] =
                    Placed(index: index, placement: placement)
            }
        }
        return placed
    }()

    /// First reports (not the finals that follow a preliminary) of each key, by message index.
    static let firstResults: [Key: [Int]] = {
        var results: [Key: [Int]] = [:]
        for (index, message) in corpus.enumerated() where message.kind == .result {
            for order in message.orders where !order.isFollowUp {
                guard let placer = order.result.placerNumber else { continue }
                results[Key(mrn: message.patient.mrn, placer: placer, code: order.result.serviceCode), default: []].append(index)
            }
        }
        return results
    }()

    @Test("the same seed gives the same orders, results and referrals; another seed other ones")
    func deterministic() {
        let first = Self.run(seed: 7, count: 600)
        #expect(first == Self.run(seed: 7, count: 600))
        let other = Self.run(seed: 8, count: 600)
        #expect(first.map(\.bytes) != other.map(\.bytes))
        let placers = { (run: [SimulatedMessage]) in Set(run.flatMap(\.placed).map(\.placerNumber)) }
        #expect(placers(first).isDisjoint(with: placers(other)))
    }

    @Test("every order to be resulted gets exactly one first result later, with its MRN, placer number and test")
    func ordersAreResulted() throws {
        let settled = Self.placedOrders.filter { $0.value.index < 3_000 && $0.value.placement.willBeAnswered }
        #expect(settled.count > 500)
        for (key, placed) in settled {
            let results = try #require(Self.firstResults[key], "order \(key.placer) was never resulted")
            #expect(results.count == 1)
            #expect(results[0] > placed.index, "the result comes after its order")
        }
    }

    @Test("a share of the orders is never resulted, and none of those gets a result")
    func neverResulted() {
        let orders = Array(Self.placedOrders.values)
        let never = orders.filter { !$0.placement.willBeAnswered }
        let share = Double(never.count) / Double(orders.count)
        #expect(share > 0.04 && share < 0.12, "\(share)")
        for placed in never {
            let message = Self.corpus[placed.index]
            let key = Key(mrn: message.patient.mrn, placer: placed.placement.placerNumber, code: placed.placement.serviceCode)
            #expect(Self.firstResults[key] == nil)
        }
    }

    @Test("results still come alone too; some orders are stat; a few referrals, all tracked by an id")
    func mix() {
        let kinds = Dictionary(grouping: Self.corpus, by: \.kind).mapValues(\.count)
        let orderMessages = kinds[.order] ?? 0
        let referrals = kinds[.referral] ?? 0
        #expect(orderMessages > 800)
        #expect(referrals > 40 && referrals < orderMessages / 5)
        let unsolicited = Self.corpus.filter { $0.kind == .result }.flatMap { message in
            message.orders.filter { order in
                !order.isFollowUp && Self.placedOrders[Key(mrn: message.patient.mrn, placer: order.result.placerNumber ?? "",
                                                           code: order.result.serviceCode)] == nil
            }
        }
        #expect(unsolicited.count > 500, "results whose order was placed elsewhere")
        let stat = Self.placedOrders.values.filter(\.placement.isStat).count
        #expect(stat > 50 && stat < Self.placedOrders.count / 3)
        #expect(Set(Self.corpus.flatMap(\.placed).filter { $0.kind == .referral }.map(\.placerNumber)).count == referrals)
    }

    @Test("--orders 0.9 places most new work as orders")
    func share() {
        let run = Self.run(seed: 3, count: 1_000, flow: OrderFlow(orderShare: 0.9))
        let newWork = run.filter { $0.kind == .order }.count
        let alone = run.filter { $0.kind == .result }.flatMap(\.orders).count
        #expect(newWork > 350 && alone > newWork)
    }

    @Test("order and referral messages read back as what they place", arguments: [
        SimulatedMessage.Kind.order, .referral,
    ])
    func parses(_ kind: SimulatedMessage.Kind) throws {
        let messages = Self.corpus.filter { $0.kind == kind }.prefix(300)
        var versions: Set<String> = []
        for simulated in messages {
            let message = try HL7Message(parsing: simulated.bytes)
            #expect(message.warnings.isEmpty)
            let header = message.header
            let messageKind = try #require(OrderExtraction.kind(code: header.messageCode, trigger: header.triggerEvent))
            let extracted = try OrderExtraction.extract(message, kind: messageKind, timeZone: SimulationFixtures.utc).get()
            versions.insert(extracted.type + " " + extracted.version)
            #expect(extracted.controlID == simulated.controlID)
            #expect(extracted.patient.mrn == simulated.patient.mrn)
            #expect(extracted.items.map(\.placerNumber) == simulated.placed.map(\.placerNumber))
            #expect(extracted.items.map(\.serviceCode) == simulated.placed.map(\.serviceCode))
            #expect(extracted.items.allSatisfy { $0.action == .create })
            if kind == .order {
                #expect(extracted.items.map(\.isStat) == simulated.placed.map(\.isStat))
                #expect(extracted.items.map { $0.orderingProvider?.id }
                    .elementsEqual(simulated.placed.map(\.rosterNPI)) { got, roster in roster == nil || got == roster })
            }
            // Ordered when sent: the expected time counts from the message.
            #expect(extracted.items.allSatisfy { $0.orderedAt == HL7Timestamp.parse(header.dateTime, defaultTimeZone: SimulationFixtures.utc) })
        }
        #expect(versions == (kind == .order ? ["OML^O21 2.5.1", "ORM^O01 2.3", "ORM^O01 2.4"] : ["REF^I12 2.5"]))
    }

    @Test("a result of a placed order says its specimen was taken when it was ordered, before the report")
    func collectedWhenOrdered() throws {
        for (key, placed) in Self.placedOrders.prefix(200) {
            guard let index = Self.firstResults[key]?.first else { continue }
            let ordered = RawSegment.segments(of: Self.corpus[placed.index])[0].field(7)
            let result = RawSegment.segments(of: Self.corpus[index])
            let obr = try #require(result.first { $0.id == "OBR" && $0.component(2, 1) == key.placer })
            #expect(obr.field(7) == ordered)
            #expect(obr.field(7) < result[0].field(7))
        }
    }
}
