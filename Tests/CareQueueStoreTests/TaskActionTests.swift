import CareQueueCore
import Foundation
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("Coordinator actions through the store")
struct TaskActionTests {
    struct Allowed: Sendable, CustomTestStringConvertible {
        var name: String
        var urgency: Urgency
        var before: [TaskAction]
        var action: TaskAction
        var status: TaskStatus
        var attempts: Int
        var testDescription: String { name }
    }

    static let allowed: [Allowed] = [
        Allowed(name: "ack an open task", urgency: .critical, before: [], action: .acknowledge, status: .acknowledged, attempts: 0),
        Allowed(name: "first attempt acknowledges", urgency: .abnormal, before: [],
                action: .attempt(.noAnswer, note: ""), status: .acknowledged, attempts: 1),
        Allowed(name: "attempt after ack", urgency: .routine, before: [.acknowledge],
                action: .attempt(.leftMessage, note: "voicemail"), status: .acknowledged, attempts: 1),
        Allowed(name: "close reached from open", urgency: .critical, before: [],
                action: .close(.reached, note: "told patient"), status: .closed, attempts: 0),
        Allowed(name: "close portal-message after attempts", urgency: .abnormal,
                before: [.attempt(.noAnswer, note: ""), .attempt(.wrongNumber, note: "")],
                action: .close(.portalMessage, note: "sent via portal"), status: .closed, attempts: 2),
        Allowed(name: "close not-needed with a reason", urgency: .routine, before: [.acknowledge],
                action: .close(.notNeeded, note: "repeat already drawn"), status: .closed, attempts: 0),
        Allowed(name: "reassign an open task", urgency: .critical, before: [],
                action: .reassign(toNPI: Fixture.drB, note: "Dr B follows this patient"), status: .open, attempts: 0),
        Allowed(name: "reassign an acknowledged task", urgency: .abnormal, before: [.acknowledge],
                action: .reassign(toNPI: Fixture.drB, note: "handover"), status: .acknowledged, attempts: 0),
    ]

    @Test("allowed actions are written with an audit row holding before and after", arguments: StoreKind.available, allowed)
    func allowedAction(kind: StoreKind, _ c: Allowed) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, c.urgency))
        for action in c.before { try store.act(action, id) }
        store.clock.advance(by: 60)
        let auditBefore = try store.count("SELECT COUNT(*) FROM audit")
        let versionBefore = try store.column("version", of: id)

        let outcome = try store.act(c.action, id, by: "sam")

        let task = try store.task(id)
        #expect(task.status == c.status)
        #expect(task.attempts == c.attempts)
        #expect(outcome.after.status == c.status)
        #expect(try store.column("version", of: id) != versionBefore)
        #expect(try store.count("SELECT COUNT(*) FROM audit") == auditBefore + 1)
        let row = try #require(try store.database.auditRecords(taskID: id).last)
        #expect(row.user == "sam")
        #expect(row.action == c.action.name)
        let details = AuditDetails(row.details)
        #expect(details["after"]?.string("status") == c.status.rawValue)
        #expect(details["before"]?.string("status") != nil)
        #expect(row.at == store.clock.now())
    }

    @Test("close records who, when, the outcome and the note", arguments: StoreKind.available)
    func closeColumns(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .routine))
        try store.act(.close(.notNeeded, note: "duplicate order"), id, by: "sam")

        #expect(try store.column("closed_by", of: id) == "sam")
        #expect(try store.column("closed_at", of: id) == StoreTime.text(Fixture.start))
        #expect(try store.column("close_outcome", of: id) == "not-needed")
        #expect(try store.column("close_note", of: id) == "duplicate order")
    }

    @Test("attempts are logged one row each, and two failed attempts suggest a portal message", arguments: StoreKind.available)
    func attemptLog(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .abnormal))
        try store.act(.attempt(.noAnswer, note: ""), id, by: "sam")
        #expect(try store.database.taskStory(id: id)?.suggestsPortalMessage == false)
        store.clock.advance(by: 600)
        let second = try store.act(.attempt(.leftMessage, note: "asked to call back"), id, by: "kim")

        #expect(second.after.suggestsPortalMessage)
        let story = try #require(try store.database.taskStory(id: id))
        #expect(story.attemptLog.map(\.outcome) == [.noAnswer, .leftMessage])
        #expect(story.attemptLog.map(\.user) == ["sam", "kim"])
        #expect(story.attemptLog.last?.note == "asked to call back")
        #expect(story.suggestsPortalMessage)
        #expect(story.acknowledgedBy == "sam")
    }

    @Test("reassigning marks the task as moved by a person and explains it", arguments: StoreKind.available)
    func reassignMarker(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .critical))
        let outcome = try store.act(.reassign(toNPI: Fixture.drB, note: "covering clinic"), id, by: "sam")

        #expect(outcome.assignedName == "Dr B")
        #expect(try store.task(id).assignedNPI == Fixture.drB)
        #expect(try store.column("manually_reassigned", of: id) == "1")
        #expect(try store.task(id).routing == "Dr B, reassigned by sam from Dr A's queue")
    }

    struct Refused: Sendable, CustomTestStringConvertible {
        var name: String
        var before: [TaskAction]
        var action: TaskAction
        var message: String
        var testDescription: String { name }
    }

    static let closedAt = "at 2026-01-01T12:00:00Z"
    static let refused: [Refused] = [
        Refused(name: "ack a closed task", before: [.close(.reached, note: "done")], action: .acknowledge,
                message: "task is already closed by alice \(closedAt)"),
        Refused(name: "attempt on a closed task", before: [.close(.reached, note: "done")],
                action: .attempt(.noAnswer, note: ""), message: "task is already closed by alice \(closedAt)"),
        Refused(name: "close a closed task", before: [.close(.reached, note: "done")],
                action: .close(.portalMessage, note: "x"), message: "task is already closed by alice \(closedAt)"),
        Refused(name: "reassign a closed task", before: [.close(.reached, note: "done")],
                action: .reassign(toNPI: Fixture.drB, note: "x"), message: "task is already closed by alice \(closedAt)"),
        Refused(name: "ack twice", before: [.acknowledge], action: .acknowledge,
                message: "task is already acknowledged by alice \(closedAt)"),
        Refused(name: "close without a note", before: [], action: .close(.reached, note: " "),
                message: "closing needs a note documenting the follow-up"),
        Refused(name: "not-needed without a reason", before: [], action: .close(.notNeeded, note: ""),
                message: "closing as not-needed needs a note saying why"),
        Refused(name: "close as the lab", before: [], action: .close(.cancelledByLab, note: "x"),
                message: "outcome cancelled-by-lab is set by the lab feed, not by people"),
        Refused(name: "reassign to an NPI not on the roster", before: [], action: .reassign(toNPI: "1111111112", note: "x"),
                message: "NPI 1111111112 is not on the roster"),
        Refused(name: "reassign to a coordinator", before: [], action: .reassign(toNPI: Fixture.coordinator, note: "x"),
                message: "Coordinator is a coordinator and has no result queue"),
        Refused(name: "reassign to the same queue", before: [], action: .reassign(toNPI: Fixture.drA, note: "x"),
                message: "task is already in Dr A's queue"),
        Refused(name: "reassign without a note", before: [], action: .reassign(toNPI: Fixture.drB, note: ""),
                message: "reassigning needs a note for the receiving provider"),
    ]

    @Test("refused actions say why and write nothing", arguments: StoreKind.available, refused)
    func refusedAction(kind: StoreKind, _ c: Refused) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .critical))
        for action in c.before { try store.act(action, id) }
        let auditBefore = try store.count("SELECT COUNT(*) FROM audit")
        let versionBefore = try store.column("version", of: id)

        let error = #expect(throws: TaskActionError.self) { try store.act(c.action, id, by: "bob") }

        #expect(error?.description == c.message)
        #expect(try store.count("SELECT COUNT(*) FROM audit") == auditBefore)
        #expect(try store.column("version", of: id) == versionBefore)
    }

    @Test("an unknown task id is refused", arguments: StoreKind.available)
    func unknownTask(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let error = #expect(throws: TaskActionError.self) { try store.act(.acknowledge, 42) }
        #expect(error == .unknownTask(42))
        #expect(error?.description == "no task with id 42")
    }

    struct ClockCase: Sendable, CustomTestStringConvertible {
        var name: String
        var urgency: Urgency
        var action: TaskAction
        var stops: Bool
        var testDescription: String { name }
    }

    static let clockCases: [ClockCase] = [
        ClockCase(name: "critical: ack stops", urgency: .critical, action: .acknowledge, stops: true),
        ClockCase(name: "critical: attempt stops", urgency: .critical, action: .attempt(.noAnswer, note: ""), stops: true),
        ClockCase(name: "critical: reassign does not stop", urgency: .critical,
                  action: .reassign(toNPI: Fixture.drB, note: "x"), stops: false),
        ClockCase(name: "abnormal: ack stops", urgency: .abnormal, action: .acknowledge, stops: true),
        ClockCase(name: "abnormal: attempt stops", urgency: .abnormal, action: .attempt(.leftMessage, note: ""), stops: true),
        ClockCase(name: "routine: ack does not stop", urgency: .routine, action: .acknowledge, stops: false),
        ClockCase(name: "routine: attempt does not stop", urgency: .routine, action: .attempt(.noAnswer, note: ""), stops: false),
        ClockCase(name: "routine: close stops", urgency: .routine, action: .close(.reached, note: "told"), stops: true),
    ]

    @Test("each tier's clock stops on its own event", arguments: StoreKind.available, clockCases)
    func clockStops(kind: StoreKind, _ c: ClockCase) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, c.urgency))
        store.clock.advance(by: 120)

        let outcome = try store.act(c.action, id)

        #expect(outcome.stoppedClock == c.stops)
        if c.stops {
            #expect(try store.task(id).dueAt == nil)
            #expect(try store.column("clock_stopped_at", of: id) == StoreTime.text(Fixture.start + 120))
        } else {
            #expect(try store.task(id).dueAt != nil)
            #expect(try store.column("clock_stopped_at", of: id) == nil)
        }
    }

    @Test("two coordinators close from the same read: the second is refused with who and when", arguments: StoreKind.available)
    func optimisticConflict(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .critical))
        let seenByAlice = try store.database.snapshot(ofTask: id)
        let seenByBob = try store.database.snapshot(ofTask: id)
        store.clock.advance(by: 300)

        try store.database.perform(.close(.reached, note: "alice reached her"), on: seenByAlice, by: "alice",
                                   at: store.clock.now())
        let error = #expect(throws: TaskActionError.self) {
            try store.database.perform(.close(.portalMessage, note: "bob sent a message"), on: seenByBob, by: "bob",
                                       at: store.clock.now())
        }

        #expect(error?.description == "task is already closed by alice at 2026-01-01T12:05:00Z")
        #expect(try store.column("closed_by", of: id) == "alice")
        #expect(try store.column("close_note", of: id) == "alice reached her")
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'close'") == 1)
    }

    @Test("two attempts from the same read are both kept: no lost update", arguments: StoreKind.available)
    func concurrentAttempts(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .abnormal))
        let first = try store.database.snapshot(ofTask: id)
        let second = try store.database.snapshot(ofTask: id)

        try store.database.perform(.attempt(.noAnswer, note: ""), on: first, by: "alice", at: store.clock.now())
        let outcome = try store.database.perform(.attempt(.wrongNumber, note: ""), on: second, by: "bob",
                                                 at: store.clock.now())

        #expect(outcome.after.failedAttempts == 2)
        #expect(try store.task(id).attempts == 2)
        #expect(try store.count("SELECT COUNT(*) FROM attempts WHERE task_id = \(id)") == 2)
    }

    @Test("an ingest between read and write makes the action re-read, not overwrite the lab's change", arguments: StoreKind.available)
    func conflictWithIngest(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .abnormal))
        let seen = try store.database.snapshot(ofTask: id)
        // A corrected result raises the urgency meanwhile.
        _ = try store.newTask(Fixture.result("C1-fix", patient: Fixture.patient("MRN1"),
                                             Fixture.order(filler: "F1", placer: "P1", status: "C",
                                                           observations: [Fixture.sodium("170", flags: ["HH"], status: "C")])))

        try store.database.perform(.acknowledge, on: seen, by: "alice", at: store.clock.now())

        let task = try store.task(id)
        #expect(task.urgency == .critical)
        #expect(task.status == .acknowledged)
        #expect(task.dueAt == nil)
    }
}
