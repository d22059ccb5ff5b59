import CareQueueCore
import Foundation
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("Re-routing after roster and coverage changes")
struct RerouteTests {
    /// A provider the store's roster does not have until a test imports them.
    static let drN = Fixture.npi("666666666")
    static let newcomer = Provider(npi: drN, name: "Dr N", role: .physician)

    @Test("roster import: an open Unassigned task for a newcomer moves to their queue, audited; a closed one stays", arguments: StoreKind.available)
    func afterRosterImport(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let open = try store.newTask(Fixture.task(1, .critical, provider: Self.drN))
        let closed = try store.newTask(Fixture.task(2, .abnormal, provider: Self.drN))
        try store.act(.close(.reached, note: "done"), closed)
        #expect(try store.task(open).routing == "Unassigned: NPI \(Self.drN) in OBR-16 is not on the roster")
        store.clock.advance(by: 600)

        let summary = try store.database.importRoster([Self.newcomer], rerouteAt: store.clock.now())

        #expect(summary.rerouted == [TaskReroute(taskID: open, fromNPI: nil, toNPI: Self.drN,
                                                 explanation: "Dr N, matched NPI in OBR-16")])
        let task = try store.task(open)
        #expect(task.assignedNPI == Self.drN)
        #expect(task.routing == "Dr N, matched NPI in OBR-16")
        #expect(try store.task(closed).assignedNPI == nil)
        let row = try #require(try store.database.auditRecords(taskID: open).last)
        #expect(row.action == "reroute")
        #expect(row.at == store.clock.now())
        #expect(AuditDetails(row.details).string("reason") == "roster import")
        #expect(try store.verify() == .intact(rows: store.count("SELECT COUNT(*) FROM audit"), keyed: false))
        // Importing the same roster again moves nothing.
        #expect(try store.database.importRoster([Self.newcomer], rerouteAt: store.clock.now()).rerouted.isEmpty)
    }

    @Test("a task reassigned by hand is never re-routed, and tasks reroute refuses it", arguments: StoreKind.available)
    func manualReassignmentKept(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let kept = try store.newTask(Fixture.task(1, .abnormal, provider: Self.drN))
        try store.act(.reassign(toNPI: Fixture.drC, note: "Dr C knows the patient"), kept)

        let summary = try store.database.importRoster([Self.newcomer], rerouteAt: store.clock.now())

        #expect(summary.rerouted.isEmpty)
        #expect(try store.task(kept).assignedNPI == Fixture.drC)
        #expect(throws: RoutingChangeError.reassignedByHand(kept, to: Fixture.drC)) {
            try store.database.rerouteTask(kept, by: "alice", at: store.clock.now())
        }
    }

    @Test("tasks reroute moves one task, audited as who asked; asking again changes nothing", arguments: StoreKind.available)
    func rerouteOne(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .critical, provider: Self.drN))
        try store.database.importRoster([Self.newcomer])
        #expect(try store.task(id).assignedNPI == nil)

        let done = try store.database.rerouteTask(id, by: "alice", at: store.clock.now())

        #expect(done.moved)
        #expect(done.route.toNPI == Self.drN)
        #expect(try store.task(id).assignedNPI == Self.drN)
        let row = try #require(try store.database.auditRecords(taskID: id).last)
        #expect(row.action == "reroute")
        #expect(row.user == "alice")
        let again = try store.database.rerouteTask(id, by: "alice", at: store.clock.now())
        #expect(!again.moved)
        #expect(again.route.toNPI == Self.drN)
        #expect(throws: RoutingChangeError.unknownTask(999)) { try store.database.rerouteTask(999, by: "alice", at: Fixture.start) }
    }

    @Test("retiring a provider: their open tasks and those reassigned to them go to Unassigned; nothing new reaches them", arguments: StoreKind.available)
    func retiring(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let routed = try store.newTask(Fixture.task(1, .critical))
        let handed = try store.newTask(Fixture.task(2, .abnormal, provider: Fixture.drC))
        try store.act(.reassign(toNPI: Fixture.drA, note: "Dr A follows this"), handed)
        var retired = Fixture.roster[0]
        retired.active = false

        let summary = try store.database.importRoster([retired], rerouteAt: store.clock.now())

        #expect(Set(summary.rerouted.map(\.taskID)) == [routed, handed])
        #expect(summary.rerouted.allSatisfy { $0.toNPI == nil })
        #expect(try store.task(routed).routing == "Unassigned: NPI \(Fixture.drA) in OBR-16 (Dr A) is retired from the roster")
        #expect(try store.task(handed).assignedNPI == nil)
        #expect(try store.task(handed).routing.contains("who is retired from the roster"))
        #expect(try store.database.providers().first { $0.npi == Fixture.drA }?.active == false)
        let later = try store.newTask(Fixture.task(3, .routine))
        #expect(try store.task(later).assignedNPI == nil)
        #expect(throws: TaskActionError.self) { try store.act(.reassign(toNPI: Fixture.drA, note: "back"), later) }
        // A file without the active column leaves the retirement alone.
        var renamed = Fixture.roster[0]
        renamed.name = "Dr A."
        try store.database.importRoster([renamed], settingActive: false)
        #expect(try store.database.providers().first { $0.npi == Fixture.drA }?.active == false)
    }

    @Test("coverage import: a retired provider's Unassigned tasks go to whoever now covers them", arguments: StoreKind.available)
    func afterCoverageImport(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .critical))
        var retired = Fixture.roster[0]
        retired.active = false
        try store.database.importRoster([retired], rerouteAt: store.clock.now())
        #expect(try store.task(id).assignedNPI == nil)

        let coverage = Coverage(providerNPI: Fixture.drA, coveringNPI: Fixture.drB,
                                startsAt: Fixture.start - 60, endsAt: Fixture.start + 86_400)
        let summary = try store.database.importCoverage([coverage], rerouteAt: store.clock.now())

        #expect(summary.rerouted.map(\.taskID) == [id])
        let task = try store.task(id)
        #expect(task.assignedNPI == Fixture.drB)
        #expect(task.coveringForNPI == Fixture.drA)
        #expect(task.routing == "Dr B covering for Dr A, matched NPI in OBR-16")
    }

    @Test("coverage end at an exact later time: the sweep moves the tasks back at that second, not before", arguments: StoreKind.available)
    func coverageEnd(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let coverage = Coverage(providerNPI: Fixture.drA, coveringNPI: Fixture.drB,
                                startsAt: Fixture.start, endsAt: Fixture.start + 86_400)
        try store.database.importCoverage([coverage], rerouteAt: store.clock.now())
        let id = try store.newTask(Fixture.task(1, .critical))
        #expect(try store.task(id).assignedNPI == Fixture.drB)
        let end = Fixture.start + 3600

        let done = try store.database.endCoverage(providerNPI: Fixture.drA, at: end, now: Fixture.start + 1800, by: "alice")

        #expect(done.ended.map(\.endsAt) == [end])
        #expect(done.moves.isEmpty)
        #expect(try store.database.coverage().map(\.endsAt) == [end])
        let row = try #require(try store.database.auditRecords().last)
        #expect(row.action == "coverage.end")
        #expect(AuditDetails(row.details).string("ends_at") == "2026-01-01T13:00:00Z")
        store.clock.instant = end - 1
        #expect(try store.sweep().moves.isEmpty)
        store.clock.instant = end
        #expect(try store.sweep().moves.map(\.taskID) == [id])
        #expect(try store.task(id).assignedNPI == Fixture.drA)
        #expect(throws: RoutingChangeError.noCoverage(providerNPI: Fixture.drA, at: end + 60)) {
            try store.database.endCoverage(providerNPI: Fixture.drA, at: end + 60, now: end + 60, by: "alice")
        }
    }

    @Test("coverage end now moves the tasks back at once", arguments: StoreKind.available)
    func coverageEndNow(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let coverage = Coverage(providerNPI: Fixture.drA, coveringNPI: Fixture.drB,
                                startsAt: Fixture.start - 60, endsAt: Fixture.start + 86_400)
        try store.database.importCoverage([coverage], rerouteAt: store.clock.now())
        let id = try store.newTask(Fixture.task(1, .critical))
        store.clock.advance(by: 60)

        let done = try store.database.endCoverage(providerNPI: Fixture.drA, at: store.clock.now(), now: store.clock.now(),
                                                  by: "alice")

        #expect(done.moves.map(\.taskID) == [id])
        #expect(try store.task(id).assignedNPI == Fixture.drA)
        #expect(try store.database.auditRecords(taskID: id).last?.action == "coverage-move")
    }
}
