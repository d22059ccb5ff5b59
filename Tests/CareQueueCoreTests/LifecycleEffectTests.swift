import CareQueueCore
import Foundation
import TestSupport
import Testing

@Suite("What a coordinator's action writes (Lifecycle.perform)")
struct LifecycleEffectTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let earlier = now.addingTimeInterval(-600)
    static let due = now.addingTimeInterval(1_200)
    static let chen = "1234567893"
    static let park = "1679576722"
    static let roster = Roster(providers: [
        Provider(npi: chen, name: "Dr Ada Chen", role: .physician),
        Provider(npi: park, name: "Nia Park, NP", role: .np),
    ])

    /// A task with a running clock, in Dr Chen's queue unless said otherwise.
    static func task(_ status: TaskStatus = .open, _ urgency: Urgency = .critical, assignedNPI: String? = chen,
                     dueAt: Date? = due, acknowledgedBy: String? = nil) -> TaskActionState {
        TaskActionState(status: status, assignedNPI: assignedNPI, failedAttempts: 0, urgency: urgency, dueAt: dueAt,
                        clockStoppedAt: nil, acknowledgedAt: acknowledgedBy.map { _ in earlier },
                        acknowledgedBy: acknowledgedBy, closure: nil, coveringForNPI: nil,
                        routingExplanation: "Dr Ada Chen, matched NPI in OBR-16", manuallyReassigned: false)
    }

    static func perform(_ action: TaskAction, _ task: TaskActionState) throws -> TaskActionEffect {
        try Lifecycle.perform(action, on: task, by: "sam", at: now, roster: roster).get()
    }

    // MARK: acknowledged time

    static let acknowledging: [Named<(TaskStatus, TaskAction), (at: Date?, by: String?)>] = [
        Named("ack on an open task acknowledges it now, by the user", (.open, .acknowledge), (now, "sam")),
        Named("a first attempt acknowledges it too", (.open, .attempt(.noAnswer, note: "")), (now, "sam")),
        Named("a later attempt keeps who acknowledged first", (.acknowledged, .attempt(.leftMessage, note: "vm")),
              (earlier, "kim")),
        Named("closing an open task does not acknowledge it", (.open, .close(.reached, note: "told her")), (nil, nil)),
        Named("reassigning an open task does not acknowledge it", (.open, .reassign(toNPI: park, note: "away")),
              (nil, nil)),
    ]

    @Test("who acknowledged, and when", arguments: acknowledging)
    func acknowledgedTime(_ c: Named<(TaskStatus, TaskAction), (at: Date?, by: String?)>) throws {
        let before = Self.task(c.input.0, acknowledgedBy: c.input.0 == .acknowledged ? "kim" : nil)
        let after = try Self.perform(c.input.1, before).after
        #expect(after.acknowledgedAt == c.expected.at)
        #expect(after.acknowledgedBy == c.expected.by)
    }

    // MARK: the clock

    static let clocks: [Named<(Urgency, TaskAction), Bool>] = [
        Named("critical: ack stops the clock", (.critical, .acknowledge), true),
        Named("abnormal: a first attempt stops the clock", (.abnormal, .attempt(.noAnswer, note: "")), true),
        Named("routine: ack leaves the clock running", (.routine, .acknowledge), false),
        Named("routine: an attempt leaves the clock running", (.routine, .attempt(.wrongNumber, note: "")), false),
        Named("routine: closing stops the clock", (.routine, .close(.portalMessage, note: "sent")), true),
        Named("critical: reassigning an open task leaves the clock running", (.critical, .reassign(toNPI: park, note: "x")),
              false),
    ]

    @Test("whether the action stops the clock", arguments: clocks)
    func clockStops(_ c: Named<(Urgency, TaskAction), Bool>) throws {
        let effect = try Self.perform(c.input.1, Self.task(.open, c.input.0))
        #expect(effect.stoppedClock == c.expected)
        #expect(effect.after.dueAt == (c.expected ? nil : Self.due))
        #expect(effect.after.clockStoppedAt == (c.expected ? Self.now : nil))
    }

    @Test("a clock that already stopped is not stopped again")
    func stoppedClockStaysStopped() throws {
        var before = Self.task(.acknowledged, .critical, dueAt: nil, acknowledgedBy: "kim")
        before.clockStoppedAt = Self.earlier
        let effect = try Self.perform(.close(.reached, note: "told him"), before)
        #expect(!effect.stoppedClock)
        #expect(effect.after.dueAt == nil)
        #expect(effect.after.clockStoppedAt == Self.earlier)
    }

    // MARK: reassigning

    static let reassigning: [Named<String?, String>] = [
        Named("from a provider on the roster", chen, "Nia Park, NP, reassigned by sam from Dr Ada Chen's queue"),
        Named("from the Unassigned queue", nil, "Nia Park, NP, reassigned by sam from the Unassigned queue"),
        Named("from an NPI no longer on the roster", "1003000126",
              "Nia Park, NP, reassigned by sam from 1003000126's queue"),
    ]

    @Test("reassigning says who moved it from where, leaves coverage and marks it moved by a person",
          arguments: reassigning)
    func reassignRouting(_ c: Named<String?, String>) throws {
        var before = Self.task(.open, .abnormal, assignedNPI: c.input)
        before.coveringForNPI = "9876543213"
        let effect = try Self.perform(.reassign(toNPI: Self.park, note: "on leave"), before)
        #expect(effect.after.lifecycle.assignedNPI == Self.park)
        #expect(effect.after.routingExplanation == c.expected)
        #expect(effect.after.coveringForNPI == nil)
        #expect(effect.after.manuallyReassigned)
        #expect(effect.assignedName == "Nia Park, NP")
    }

    @Test("actions other than reassigning leave the routing as it was")
    func otherActionsKeepRouting() throws {
        var before = Self.task(.open, .routine)
        before.coveringForNPI = "9876543213"
        let effect = try Self.perform(.attempt(.noAnswer, note: ""), before)
        #expect(effect.after.routingExplanation == before.routingExplanation)
        #expect(effect.after.coveringForNPI == "9876543213")
        #expect(!effect.after.manuallyReassigned)
        #expect(effect.assignedName == nil)
    }

    // MARK: closing

    @Test("closing records who, when, how and why; other actions record no closure")
    func closure() throws {
        let closed = try Self.perform(.close(.notNeeded, note: "repeat ordered"), Self.task()).after
        #expect(closed.closure == TaskClosure(at: Self.now, by: "sam", outcome: .notNeeded, note: "repeat ordered"))
        #expect(closed.lifecycle.status == .closed)
        let acknowledged = try Self.perform(.acknowledge, Self.task()).after
        #expect(acknowledged.closure == nil)
    }

    @Test("a refused action changes nothing and says why")
    func refusal() {
        let closed = TaskActionState(
            status: .closed, assignedNPI: Self.chen, failedAttempts: 0, urgency: .critical, dueAt: nil,
            clockStoppedAt: Self.earlier, acknowledgedAt: nil, acknowledgedBy: "kim",
            closure: TaskClosure(at: Self.earlier, by: "alex", outcome: .reached, note: "n"), coveringForNPI: nil,
            routingExplanation: "", manuallyReassigned: false)
        switch Lifecycle.perform(.acknowledge, on: closed, by: "sam", at: Self.now, roster: Self.roster) {
        case .success: Issue.record("expected a refusal")
        case .failure(let refusal): #expect(refusal.description == "task is already closed by alex at 2026-09-21T14:03:20Z")
        }
    }

    // MARK: reading a stored task

    @Test("who acted last is the closer of a closed task, else whoever acknowledged it")
    func lastActor() {
        let acknowledged = Self.task(.acknowledged, acknowledgedBy: "kim")
        #expect(acknowledged.lifecycle.lastActor == "kim")
        #expect(acknowledged.lifecycle.lastActedAt == Self.earlier)
        let closed = TaskActionState(
            status: .closed, assignedNPI: nil, failedAttempts: 1, urgency: .routine, dueAt: nil, clockStoppedAt: Self.now,
            acknowledgedAt: Self.earlier, acknowledgedBy: "kim",
            closure: TaskClosure(at: Self.now, by: "alex", outcome: .portalMessage, note: "sent"), coveringForNPI: nil,
            routingExplanation: "", manuallyReassigned: false)
        #expect(closed.lifecycle.lastActor == "alex")
        #expect(closed.lifecycle.lastActedAt == Self.now)
    }
}
