import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore

@Suite("The escalation sweep")
struct EscalationSweepTests {
    struct Boundary: Sendable, CustomTestStringConvertible {
        var name: String
        var urgency: Urgency
        var provider: String?
        var elapsed: TimeInterval
        var level: Int
        var testDescription: String { name }
    }

    static let boundaries: [Boundary] = [
        Boundary(name: "critical 29:59 → level 0", urgency: .critical, provider: Fixture.drA, elapsed: 29 * 60 + 59, level: 0),
        Boundary(name: "critical 30:00 → level 1", urgency: .critical, provider: Fixture.drA, elapsed: 30 * 60, level: 1),
        Boundary(name: "critical 59:59 → level 1", urgency: .critical, provider: Fixture.drA, elapsed: 59 * 60 + 59, level: 1),
        Boundary(name: "critical 60:00 → level 2", urgency: .critical, provider: Fixture.drA, elapsed: 60 * 60, level: 2),
        Boundary(name: "abnormal 23:59:59 → level 0", urgency: .abnormal, provider: Fixture.drA, elapsed: 24 * 3600 - 1, level: 0),
        Boundary(name: "abnormal 24:00:00 → level 1", urgency: .abnormal, provider: Fixture.drA, elapsed: 24 * 3600, level: 1),
        Boundary(name: "abnormal 48:00:00 → level 2", urgency: .abnormal, provider: Fixture.drA, elapsed: 48 * 3600, level: 2),
        Boundary(name: "routine 71:59:59 → level 0", urgency: .routine, provider: Fixture.drA, elapsed: 72 * 3600 - 1, level: 0),
        Boundary(name: "routine 72:00:00 → level 1", urgency: .routine, provider: Fixture.drA, elapsed: 72 * 3600, level: 1),
        Boundary(name: "unassigned routine at receipt → level 1", urgency: .routine, provider: nil, elapsed: 0, level: 1),
        Boundary(name: "unassigned critical 59:59 → level 1", urgency: .critical, provider: nil, elapsed: 59 * 60 + 59, level: 1),
        Boundary(name: "unassigned critical 60:00 → level 2", urgency: .critical, provider: nil, elapsed: 60 * 60, level: 2),
    ]

    /// Task `id`'s stored escalation level.
    static func level(_ store: TestStore, _ id: Int64) throws -> Int {
        try store.count("SELECT escalation_level FROM tasks WHERE id = \(id)")
    }

    @Test("thresholds at exact boundaries, through the store", arguments: boundaries, StoreKind.available)
    func boundary(_ c: Boundary, kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, c.urgency, provider: c.provider))
        store.clock.advance(by: c.elapsed)

        let report = try store.sweep()

        #expect(report.escalations.map(\.level) == Array(stride(from: 1, through: c.level, by: 1)))
        #expect(try Self.level(store, id) == c.level)
        #expect(try store.count("SELECT COUNT(*) FROM escalations") == c.level)
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE action = 'escalation'") == c.level)
    }

    @Test("each step is recorded with its due instant, target, reason and the sweep time", arguments: StoreKind.available)
    func recordedSteps(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .critical))
        store.clock.advance(by: 5 * 3600)

        let report = try store.sweep()

        #expect(report.escalations.map(\.dueAt) == [Fixture.start + 1800, Fixture.start + 3600])
        #expect(report.escalations.map(\.recordedAt) == [Fixture.start + 5 * 3600, Fixture.start + 5 * 3600])
        #expect(report.escalations.map(\.target) == ["care coordinators", "supervisor Dr C"])
        #expect(report.escalations.map(\.targetNPIs) == [[Fixture.coordinator], [Fixture.drC]])
        #expect(try store.database.escalations(ofTask: id) == report.escalations)
        #expect(try store.database.recentEscalations(limit: 1).map(\.level) == [2])
    }

    @Test("running the sweep twice records nothing new", arguments: StoreKind.available)
    func idempotent(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        for n in 1...3 { _ = try store.newTask(Fixture.task(n, .critical)) }
        _ = try store.newTask(Fixture.task(4, .abnormal, provider: nil))
        store.clock.advance(by: 3600)
        let first = try store.sweep()
        let audit = try store.count("SELECT COUNT(*) FROM audit")
        let versions = try store.count("SELECT SUM(version) FROM tasks")

        let second = try store.sweep()

        #expect(first.escalations.count == 7)
        #expect(second.isEmpty)
        #expect(try store.count("SELECT COUNT(*) FROM escalations") == 7)
        #expect(try store.count("SELECT COUNT(*) FROM audit") == audit)
        #expect(try store.count("SELECT SUM(version) FROM tasks") == versions)
    }

    @Test("a sweep in small chunks records what one chunk would, every step once",
          arguments: [1, 2, 3, 200], StoreKind.available)
    func chunked(chunk: Int, kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        for n in 1...5 { _ = try store.newTask(Fixture.task(n, .critical)) }
        for n in 6...8 { _ = try store.newTask(Fixture.task(n, .abnormal, provider: nil)) }
        store.clock.advance(by: 3600)

        let report = try store.database.runSweep(at: store.clock.now(), chunk: chunk)

        // Five criticals at twice their window: levels 1 and 2 each; three unassigned abnormals: level 1.
        #expect(report.escalations.count == 13)
        #expect(Set(report.escalations.map { "\($0.taskID)/\($0.level)" }).count == 13)
        #expect(try store.count("SELECT COUNT(*) FROM escalations") == 13)
        #expect(try store.database.runSweep(at: store.clock.now(), chunk: chunk).isEmpty)
    }

    @Test("escalations survive reopening the database; a sweep from a new process records nothing again",
          arguments: StoreKind.available)
    func survivesReopening(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .critical))
        store.clock.advance(by: 3600)
        try store.sweep()

        let reopened = try store.reopened()
        let again = try reopened.runSweep(at: store.clock.now())

        #expect(again.isEmpty)
        #expect(try reopened.escalations(ofTask: id).map(\.level) == [1, 2])
        #expect(try reopened.engine.read { db in
            try db.value(Int.self, "SELECT escalation_level FROM tasks WHERE id = ?") { $0.add(id) }
        } == 2)
    }

    @Test("a stopped clock never escalates; a routine task's clock runs on after an ack", arguments: StoreKind.available)
    func stoppedClocks(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let critical = try store.newTask(Fixture.task(1, .critical))
        let routine = try store.newTask(Fixture.task(2, .routine))
        try store.act(.acknowledge, critical)
        try store.act(.acknowledge, routine)
        store.clock.advance(by: 100 * 3600)

        let report = try store.sweep()

        #expect(report.escalations.map(\.taskID) == [routine])
        #expect(try Self.level(store, critical) == 0)
    }

    @Test("a closed task never escalates", arguments: StoreKind.available)
    func closedTask(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .routine, provider: nil))
        try store.act(.close(.notNeeded, note: "duplicate"), id)
        store.clock.advance(by: 1000 * 3600)

        #expect(try store.sweep().isEmpty)
    }

    @Test("a task re-opened by a correction gets a new clock and escalates again", arguments: StoreKind.available)
    func reopenedEscalatesAgain(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let id = try store.newTask(Fixture.task(1, .critical))
        store.clock.advance(by: 3600)
        try store.sweep()
        try store.act(.close(.reached, note: "told patient"), id)
        store.clock.advance(by: 600)
        let reopenedAt = store.clock.now()

        _ = try store.newTask(Fixture.task(1, .critical, status: "C"))
        let story = try #require(try store.database.taskStory(id: id))
        #expect(story.task.reopened)
        #expect(story.task.status == .open)
        #expect(story.task.escalationLevel == 0)
        #expect(story.clockStartedAt == reopenedAt)
        #expect(story.task.dueAt == reopenedAt + 1800)
        #expect(story.closedAt == nil)

        store.clock.advance(by: 29 * 60)
        #expect(try store.sweep().isEmpty)
        store.clock.advance(by: 60)
        let report = try store.sweep()

        #expect(report.escalations.map(\.level) == [1])
        #expect(report.escalations.first?.dueAt == reopenedAt + 1800)
        #expect(try store.count("SELECT COUNT(*) FROM escalations WHERE task_id = \(id)") == 3)
        #expect(try store.count("SELECT COUNT(DISTINCT clock_started_at) FROM escalations") == 2)
    }

    @Test("the sweep uses the configured windows", arguments: StoreKind.available)
    func configuredWindows(kind: StoreKind) throws {
        var config = CareQueueConfig()
        config.windows.critical = 10 * 60
        let store = try TestStore.lifecycle(kind, config: config)
        _ = try store.newTask(Fixture.task(1, .critical))
        store.clock.advance(by: 10 * 60)

        #expect(try store.sweep().escalations.map(\.level) == [1])
    }
}
