import CareQueueCore
import Foundation
import Testing

@Suite("Escalation thresholds and targets")
struct EscalationTests {
    static let start = Date(timeIntervalSince1970: 1_790_000_000)
    static let roster = Roster(providers: [
        Provider(npi: "1234567893", name: "Dr Ada Chen", role: .physician, supervisorNPI: "1245319599"),
        Provider(npi: "1245319599", name: "Dr Bo Okafor", role: .physician),
        Provider(npi: "1679576722", name: "Nia Park, NP", role: .np),
        Provider(npi: "1003000126", name: "Cal Reyes", role: .coordinator),
        Provider(npi: "1093817818", name: "Dee Moss", role: .coordinator),
        Provider(npi: "1457492423", name: "Eve Lund", role: .chargeNurse),
    ])

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var urgency: Urgency
        var assigned: String?
        var elapsed: TimeInterval
        var expectedLevels: [Int]
        var testDescription: String { name }
    }

    static let boundaryCases: [Case] = [
        Case(name: "critical 29:59 → nothing", urgency: .critical, assigned: "1234567893", elapsed: 29 * 60 + 59, expectedLevels: []),
        Case(name: "critical 30:00 → level 1", urgency: .critical, assigned: "1234567893", elapsed: 30 * 60, expectedLevels: [1]),
        Case(name: "critical 59:59 → level 1 only", urgency: .critical, assigned: "1234567893", elapsed: 59 * 60 + 59, expectedLevels: [1]),
        Case(name: "critical 60:00 → levels 1 and 2", urgency: .critical, assigned: "1234567893", elapsed: 60 * 60, expectedLevels: [1, 2]),
        Case(name: "abnormal 23:59:59 → nothing", urgency: .abnormal, assigned: "1234567893", elapsed: 24 * 3600 - 1, expectedLevels: []),
        Case(name: "abnormal 24:00:00 → level 1", urgency: .abnormal, assigned: "1234567893", elapsed: 24 * 3600, expectedLevels: [1]),
        Case(name: "abnormal 48:00:00 → level 2", urgency: .abnormal, assigned: "1234567893", elapsed: 48 * 3600, expectedLevels: [1, 2]),
        Case(name: "routine 71:59:59 → nothing", urgency: .routine, assigned: "1234567893", elapsed: 72 * 3600 - 1, expectedLevels: []),
        Case(name: "routine 72:00:00 → level 1", urgency: .routine, assigned: "1234567893", elapsed: 72 * 3600, expectedLevels: [1]),
        Case(name: "routine 144:00:00 → level 2", urgency: .routine, assigned: "1234567893", elapsed: 144 * 3600, expectedLevels: [1, 2]),
        Case(name: "unassigned routine at receipt → level 1", urgency: .routine, assigned: nil, elapsed: 0, expectedLevels: [1]),
        Case(name: "unassigned critical 59:59 → level 1 only", urgency: .critical, assigned: nil, elapsed: 59 * 60 + 59, expectedLevels: [1]),
        Case(name: "unassigned critical 60:00 → level 2", urgency: .critical, assigned: nil, elapsed: 60 * 60, expectedLevels: [1, 2]),
    ]

    @Test("thresholds at exact boundaries", arguments: boundaryCases)
    func boundaries(_ c: Case) {
        let subject = EscalationSubject(taskID: 7, urgency: c.urgency, status: .open, assignedNPI: c.assigned,
                                        clockStartedAt: Self.start)
        let steps = EscalationPolicy.due(for: subject, at: Self.start.addingTimeInterval(c.elapsed),
                                         windows: CareQueueConfig.Windows(), roster: Self.roster)
        #expect(steps.map(\.level) == c.expectedLevels)
    }

    @Test("levels already recorded are not due again")
    func idempotent() {
        var subject = EscalationSubject(taskID: 1, urgency: .critical, status: .open, assignedNPI: "1234567893",
                                        clockStartedAt: Self.start)
        let later = Self.start.addingTimeInterval(3 * 3600)
        let first = EscalationPolicy.due(for: subject, at: later, windows: .init(), roster: Self.roster)
        #expect(first.map(\.level) == [1, 2])
        subject.level = first.last!.level
        #expect(EscalationPolicy.due(for: subject, at: later, windows: .init(), roster: Self.roster).isEmpty)
    }

    @Test("thresholds are recorded at their own instants, not the sweep time")
    func dueInstants() {
        let subject = EscalationSubject(taskID: 1, urgency: .critical, status: .open, assignedNPI: "1234567893",
                                        clockStartedAt: Self.start)
        let steps = EscalationPolicy.due(for: subject, at: Self.start.addingTimeInterval(5 * 3600), windows: .init(), roster: Self.roster)
        #expect(steps.map(\.dueAt) == [Self.start.addingTimeInterval(1800), Self.start.addingTimeInterval(3600)])
    }

    @Test("targets: coordinators, then the supervisor, else the charge nurse")
    func targets() throws {
        let late = Self.start.addingTimeInterval(2 * 3600)
        let supervised = EscalationSubject(taskID: 1, urgency: .critical, status: .open, assignedNPI: "1234567893", clockStartedAt: Self.start)
        let steps = EscalationPolicy.due(for: supervised, at: late, windows: .init(), roster: Self.roster)
        #expect(steps[0].target == "care coordinators")
        #expect(steps[0].targetNPIs == ["1003000126", "1093817818"])
        #expect(steps[1].target == "supervisor Dr Bo Okafor")
        #expect(steps[1].targetNPIs == ["1245319599"])

        let unsupervised = EscalationSubject(taskID: 2, urgency: .critical, status: .open, assignedNPI: "1679576722", clockStartedAt: Self.start)
        let nurse = try #require(EscalationPolicy.due(for: unsupervised, at: late, windows: .init(), roster: Self.roster).last)
        #expect(nurse.target == "charge nurse")
        #expect(nurse.targetNPIs == ["1457492423"])

        let unassigned = EscalationSubject(taskID: 3, urgency: .routine, status: .open, assignedNPI: nil, clockStartedAt: Self.start)
        let first = try #require(EscalationPolicy.due(for: unassigned, at: Self.start, windows: .init(), roster: Self.roster).first)
        #expect(first.reason.contains("Unassigned"))
    }

    @Test("a stopped clock or a closed task never escalates")
    func stopped() {
        let late = Self.start.addingTimeInterval(100 * 3600)
        let stopped = EscalationSubject(taskID: 1, urgency: .critical, status: .acknowledged, assignedNPI: "1234567893",
                                        clockStartedAt: Self.start, clockStoppedAt: Self.start.addingTimeInterval(60))
        #expect(EscalationPolicy.due(for: stopped, at: late, windows: .init(), roster: Self.roster).isEmpty)
        let closed = EscalationSubject(taskID: 1, urgency: .routine, status: .closed, assignedNPI: nil, clockStartedAt: Self.start)
        #expect(EscalationPolicy.due(for: closed, at: late, windows: .init(), roster: Self.roster).isEmpty)
    }

    @Test("which event stops each tier's clock", arguments: [
        (Urgency.critical, TaskStatus.open, false), (.critical, .acknowledged, true), (.critical, .closed, true),
        (.abnormal, .open, false), (.abnormal, .acknowledged, true),
        (.routine, .open, false), (.routine, .acknowledged, false), (.routine, .closed, true),
    ])
    func clockStops(_ urgency: Urgency, _ status: TaskStatus, _ stops: Bool) {
        #expect(EscalationPolicy.clockStops(urgency: urgency, status: status) == stops)
    }

    @Test("what happens next")
    func nextStep() {
        var subject = EscalationSubject(taskID: 1, urgency: .critical, status: .open, assignedNPI: "1234567893", clockStartedAt: Self.start)
        #expect(EscalationPolicy.nextStep(for: subject, at: Self.start.addingTimeInterval(18 * 60), windows: .init()) == "level 1 in 12 min")
        subject.level = 1
        #expect(EscalationPolicy.nextStep(for: subject, at: Self.start.addingTimeInterval(45 * 60), windows: .init()) == "level 2 in 15 min")
        subject.level = 2
        #expect(EscalationPolicy.nextStep(for: subject, at: Self.start, windows: .init()) == "at level 2")
        subject.clockStoppedAt = Self.start
        #expect(EscalationPolicy.nextStep(for: subject, at: Self.start, windows: .init()) == "clock stopped")
    }
}
