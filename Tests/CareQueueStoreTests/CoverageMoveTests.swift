import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("Coverage moves")
struct CoverageMoveTests {
    /// Dr B covers Dr A from one hour after the start for one day.
    static let coverage = Coverage(providerNPI: Fixture.drA, coveringNPI: Fixture.drB,
                                   startsAt: Fixture.start + 3600, endsAt: Fixture.start + 3600 + 86_400)

    @Test("when coverage starts, Dr A's open tasks move to Dr B, one audit row each; closed ones stay")
    func start() throws {
        let store = try TestStore.lifecycle()
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
            let task = try store.task(id)
            #expect(task.assignedNPI == Fixture.drB)
            #expect(task.coveringForNPI == Fixture.drA)
            #expect(task.orderingNPI == Fixture.drA)
            #expect(task.routing == "Dr B covering for Dr A, matched NPI in OBR-16")
        }
        #expect(try store.task(closed).assignedNPI == Fixture.drA)
        #expect(try store.task(other).assignedNPI == Fixture.drC)
        let rows = try store.database.auditRecords().filter { $0.action == "coverage-move" }
        #expect(rows.map(\.taskID) == [open1, open2])
        #expect(AuditDetails(rows[0].details).string("reason") == "coverage started")
        #expect(try store.verify() == .intact(rows: store.count("SELECT COUNT(*) FROM audit"), keyed: false))
    }

    @Test("when coverage ends, the tasks go back, including those received during it")
    func end() throws {
        let store = try TestStore.lifecycle()
        let before = try store.newTask(Fixture.task(1, .routine))
        try store.database.importCoverage([Self.coverage])
        store.clock.instant = Fixture.start + 3600
        try store.sweep()
        store.clock.advance(by: 60)
        let during = try store.newTask(Fixture.task(2, .routine))
        #expect(try store.task(during).assignedNPI == Fixture.drB)

        store.clock.instant = Self.coverage.endsAt
        let report = try store.sweep()

        #expect(Set(report.moves.map(\.taskID)) == [before, during])
        for id in [before, during] {
            let task = try store.task(id)
            #expect(task.assignedNPI == Fixture.drA)
            #expect(task.coveringForNPI == nil)
            #expect(task.routing == "Dr A, matched NPI in OBR-16")
        }
        let last = try #require(try store.database.auditRecords(taskID: before).last)
        #expect(AuditDetails(last.details).string("reason") == "coverage ended")
    }

    @Test("a task a person reassigned stays where they put it")
    func manualReassignmentStays() throws {
        let store = try TestStore.lifecycle()
        let moved = try store.newTask(Fixture.task(1, .abnormal))
        let kept = try store.newTask(Fixture.task(2, .abnormal))
        try store.act(.reassign(toNPI: Fixture.drC, note: "Dr C knows the patient"), kept)
        try store.database.importCoverage([Self.coverage])

        store.clock.instant = Fixture.start + 3600
        let report = try store.sweep()

        #expect(report.moves.map(\.taskID) == [moved])
        #expect(try store.task(kept).assignedNPI == Fixture.drC)
    }

    @Test("each boundary moves tasks once")
    func once() throws {
        let store = try TestStore.lifecycle()
        let id = try store.newTask(Fixture.task(1, .routine))
        try store.database.importCoverage([Self.coverage])
        store.clock.instant = Fixture.start + 3600
        try store.sweep()
        let audit = try store.count("SELECT COUNT(*) FROM audit")

        store.clock.advance(by: 3)
        #expect(try store.sweep().moves.isEmpty)
        #expect(try store.count("SELECT COUNT(*) FROM audit") == audit)
        #expect(try store.task(id).assignedNPI == Fixture.drB)
    }

    @Test("coverage that began and ended before any sweep leaves the tasks where they are")
    func bothPast() throws {
        let store = try TestStore.lifecycle()
        let id = try store.newTask(Fixture.task(1, .routine))
        try store.database.importCoverage([Self.coverage])

        store.clock.instant = Self.coverage.endsAt + 60
        let report = try store.sweep()

        #expect(report.moves.isEmpty)
        #expect(try store.task(id).assignedNPI == Fixture.drA)
        #expect(try store.count("SELECT COUNT(*) FROM coverage WHERE start_applied = 1 AND end_applied = 1") == 1)
    }
}
