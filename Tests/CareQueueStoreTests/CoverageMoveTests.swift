import CareQueueCore
import Foundation
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("Coverage moves")
struct CoverageMoveTests {
    /// Dr B covers Dr A from one hour after the start for one day.
    static let coverage = Coverage(providerNPI: Fixture.drA, coveringNPI: Fixture.drB,
                                   startsAt: Fixture.start + 3600, endsAt: Fixture.start + 3600 + 86_400)

    /// The audit rows of `action` (and of task `id`, when given), oldest first: task and details.
    static func audit(_ store: TestStore, _ action: String? = nil, task id: Int64? = nil) throws
        -> [(taskID: Int64?, details: AuditDetails)] {
        try store.database.engine.read { db in
            try db.fetchAll("""
                SELECT task_id, details FROM audit
                WHERE (CAST(? AS TEXT) IS NULL OR action = ?) AND (CAST(? AS BIGINT) IS NULL OR task_id = ?)
                ORDER BY seq
                """) {
                $0.add(action)
                $0.add(action)
                $0.add(id)
                $0.add(id)
            }.map { ($0["task_id"], AuditDetails($0["details"] as String)) }
        }
    }

    @Test("when coverage starts, Dr A's open tasks move to Dr B, one audit row each; closed ones stay",
          arguments: StoreKind.available)
    func start(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let open1 = try store.newTask(Fixture.task(1, .critical))
        let open2 = try store.newTask(Fixture.task(2, .routine))
        let closed = try store.newTask(Fixture.task(3, .abnormal))
        let other = try store.newTask(Fixture.task(4, .abnormal, provider: Fixture.drC))
        try store.act(.close(.reached, note: "done"), closed)
        try store.database.importCoverage([Self.coverage])

        #expect(try store.database.applyCoverageChanges(at: Fixture.start + 3599).isEmpty)
        store.clock.instant = Fixture.start + 3600
        let report = try store.sweep()

        #expect(report.moves.map(\.taskID) == [open1, open2])
        #expect(report.moves.allSatisfy { $0.fromNPI == Fixture.drA && $0.toNPI == Fixture.drB })
        for id in [open1, open2] {
            #expect(try store.column("assigned_npi", of: id) == Fixture.drB)
            #expect(try store.column("covering_for_npi", of: id) == Fixture.drA)
            #expect(try store.column("ordering_npi", of: id) == Fixture.drA)
            #expect(try store.column("routing_explanation", of: id) == "Dr B covering for Dr A, matched NPI in OBR-16")
        }
        #expect(try store.column("assigned_npi", of: closed) == Fixture.drA)
        #expect(try store.column("assigned_npi", of: other) == Fixture.drC)
        let rows = try Self.audit(store, "coverage-move")
        #expect(rows.map(\.taskID) == [open1, open2])
        #expect(rows.first?.details.string("reason") == "coverage started")
        #expect(try store.verify() == .intact(rows: store.count("SELECT COUNT(*) FROM audit"), keyed: false))
    }

    @Test("when coverage ends, the tasks go back, including those received during it", arguments: StoreKind.available)
    func end(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let before = try store.newTask(Fixture.task(1, .routine))
        try store.database.importCoverage([Self.coverage])
        store.clock.instant = Fixture.start + 3600
        try store.sweep()
        store.clock.advance(by: 60)
        let during = try store.newTask(Fixture.task(2, .routine))
        #expect(try store.column("assigned_npi", of: during) == Fixture.drB)

        store.clock.instant = Self.coverage.endsAt
        let report = try store.sweep()

        #expect(Set(report.moves.map(\.taskID)) == [before, during])
        for id in [before, during] {
            #expect(try store.column("assigned_npi", of: id) == Fixture.drA)
            #expect(try store.column("covering_for_npi", of: id) == nil)
            #expect(try store.column("routing_explanation", of: id) == "Dr A, matched NPI in OBR-16")
        }
        let last = try #require(try Self.audit(store, task: before).last)
        #expect(last.details.string("reason") == "coverage ended")
    }

    @Test("a task a person reassigned stays where they put it", arguments: StoreKind.available)
    func manualReassignmentStays(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let moved = try store.newTask(Fixture.task(1, .abnormal))
        let kept = try store.newTask(Fixture.task(2, .abnormal))
        try store.act(.reassign(toNPI: Fixture.drC, note: "Dr C knows the patient"), kept)
        try store.database.importCoverage([Self.coverage])

        store.clock.instant = Fixture.start + 3600
        let report = try store.sweep()

        #expect(report.moves.map(\.taskID) == [moved])
        #expect(try store.column("assigned_npi", of: kept) == Fixture.drC)
    }

    @Test("each boundary moves tasks once", arguments: StoreKind.available)
    func once(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .routine))
        try store.database.importCoverage([Self.coverage])
        store.clock.instant = Fixture.start + 3600
        try store.sweep()
        let audit = try store.count("SELECT COUNT(*) FROM audit")

        store.clock.advance(by: 3)
        #expect(try store.sweep().moves.isEmpty)
        #expect(try store.count("SELECT COUNT(*) FROM audit") == audit)
        #expect(try store.column("assigned_npi", of: id) == Fixture.drB)
    }

    @Test("coverage that began and ended before any sweep leaves the tasks where they are", arguments: StoreKind.available)
    func bothPast(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .routine))
        try store.database.importCoverage([Self.coverage])

        store.clock.instant = Self.coverage.endsAt + 60
        let report = try store.sweep()

        #expect(report.moves.isEmpty)
        #expect(try store.column("assigned_npi", of: id) == Fixture.drA)
        #expect(try store.count("SELECT COUNT(*) FROM coverage WHERE start_applied = 1 AND end_applied = 1") == 1)
    }
}
