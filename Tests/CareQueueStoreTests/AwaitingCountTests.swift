import CareQueueCore
@testable import CareQueueStore
import Foundation
import GRDB
import StoreFixtures
import Testing

@Suite("Awaiting orders (v17-awaiting): counted per ordering provider, late at the exact expected time")
struct AwaitingCountTests {
    static let turnaround = Fixture.awaitingTurnaround
    static let now = Fixture.start

    static func store(_ kind: StoreKind = .sqlite) throws -> TestStore {
        let store = try TestStore(kind: kind, config: Fixture.awaitingConfig)
        for item in Fixture.awaitingItems { try store.ingest(item) }
        return store
    }

    static func byNPI(_ counts: AwaitingCounts) -> [String: [Int]] {
        Dictionary(uniqueKeysWithValues: counts.counts.map { ($0.orderingNPI ?? "none", [$0.awaiting, $0.late]) })
    }

    @Test("cancelled and final orders are not counted; a preliminary one awaits but is never late; late from the expected instant on",
          arguments: StoreKind.available)
    func counts(kind: StoreKind) throws {
        let store = try Self.store(kind)
        let counts = try store.database.awaitingCounts(at: Self.now)
        #expect(Self.byNPI(counts) == [Fixture.drA: [4, 2], Fixture.drB: [1, 1], "none": [1, 0], Fixture.offRoster: [1, 0]])
        // The potassium ordered a second later is expected a second from now.
        #expect(counts.nextLateAt == Self.now.addingTimeInterval(1))
        let later = try store.database.awaitingCounts(at: Self.now.addingTimeInterval(1))
        #expect(Self.byNPI(later)[Fixture.drA] == [4, 3])
        let earlier = try store.database.awaitingCounts(at: Self.now.addingTimeInterval(-1))
        // A second before, neither the potassium nor the stat order (both due exactly now) is late yet.
        #expect(Self.byNPI(earlier)[Fixture.drA] == [4, 0])
    }

    @Test("the SQL says late exactly when Turnaround.isOverdue does, at each boundary",
          arguments: [-1.0, 0.0, 1.0, 7.0 * 86_400, 30.0 * 86_400] as [TimeInterval], StoreKind.available)
    func agreesWithTurnaround(_ offset: TimeInterval, kind: StoreKind) throws {
        let store = try Self.store(kind)
        let at = Self.now.addingTimeInterval(offset)
        // `orders list` reads (SQLite only so far); the awaiting window holds the same orders.
        let awaited = kind == .sqlite ? try store.database.trackedOrders(states: [.ordered, .preliminary], limit: 1000)
            : try store.database.awaitingOrders(.all, offset: 0, limit: 1000, at: at).orders
        #expect(awaited.count == 7)
        var expected: [String: [Int]] = [:]
        for order in awaited {
            let late = Self.turnaround.isOverdue(order, at: at) ? 1 : 0
            let sum = expected[order.orderingNPI ?? "none"] ?? [0, 0]
            expected[order.orderingNPI ?? "none"] = [sum[0] + 1, sum[1] + late]
        }
        #expect(Self.byNPI(try store.database.awaitingCounts(at: at)) == expected)
    }

    @Test("the list: late first, then oldest; paged; one provider's, or Unassigned's (no provider, or off the roster)",
          arguments: StoreKind.available)
    func window(kind: StoreKind) throws {
        let store = try Self.store(kind)
        let drA = try store.database.awaitingOrders(.orderedBy(npi: Fixture.drA), offset: 0,
                                                    limit: 10, at: Self.now)
        #expect(drA.orders.map(\.placerNumber) == ["PA", "PC", "PF", "PB"])
        #expect((drA.total, drA.late) == (4, 2))
        #expect(drA.orders[2].state == .preliminary && drA.orders[2].resultTaskID != nil)
        let paged = try store.database.awaitingOrders(.orderedBy(npi: Fixture.drA), offset: 1,
                                                      limit: 2, at: Self.now)
        #expect(paged.orders.map(\.placerNumber) == ["PC", "PF"] && paged.total == 4)
        let unassigned = try store.database.awaitingOrders(.orderedByNone(of: [Fixture.drA, Fixture.drB, Fixture.drC]),
                                                           offset: 0, limit: 10, at: Self.now)
        #expect(Set(unassigned.orders.map(\.placerNumber)) == ["PH", "PI"] && unassigned.late == 0)
        let all = try store.database.awaitingOrders(.all, offset: 0, limit: 10, at: Self.now)
        #expect(all.orders.map(\.placerNumber).prefix(3) == ["RG", "PA", "PC"] && (all.total, all.late) == (7, 3))
    }

    @Test("the tally recounts after a write to orders and when the next order falls late, not otherwise",
          arguments: StoreKind.available)
    func tally(kind: StoreKind) throws {
        let store = try Self.store(kind)
        let tally = AwaitingTally(database: store.database)
        #expect(Self.byNPI(try tally.counts(at: Self.now))[Fixture.drA] == [4, 2])
        // A write the counts ignore (the version does not move) leaves the cached counts.
        let version = try store.database.engine.read(CareQueueDatabase.ordersVersion)
        try store.execute("UPDATE orders SET patient_family = 'Roe'")
        #expect(try store.database.engine.read(CareQueueDatabase.ordersVersion) == version)
        #expect(Self.byNPI(try tally.counts(at: Self.now))[Fixture.drA] == [4, 2])
        // The clock reaching the next expected time: counted again.
        #expect(Self.byNPI(try tally.counts(at: Self.now.addingTimeInterval(1)))[Fixture.drA] == [4, 3])
        // A new order (the version moves): counted again at once.
        try store.ingest(Fixture.orderItem("J", placer: "PJ", ago: 60))
        #expect(try store.database.engine.read(CareQueueDatabase.ordersVersion) > version)
        #expect(Self.byNPI(try tally.counts(at: Self.now.addingTimeInterval(1)))[Fixture.drA] == [5, 3])
        // The final result of the preliminary one: it no longer awaits.
        try store.ingest(Fixture.result("F3", Fixture.order(filler: "FF", placer: "PF", service: "BMP", status: "F",
                                                            observations: [Fixture.potassium()])))
        #expect(Self.byNPI(try tally.counts(at: Self.now.addingTimeInterval(1)))[Fixture.drA] == [4, 3])
    }

    @Test("the counts read only the awaiting index")
    func plan() throws {
        let store = try Self.store()
        let late = AwaitingSQL.late(at: Self.now)
        let plan = try store.database.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT o.ordering_npi, \(late.sql) FROM orders o WHERE \(AwaitingSQL.awaiting)",
                             arguments: [late.value]).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.contains("COVERING INDEX orders_awaiting_queue") }, "\(plan)")
    }
}
