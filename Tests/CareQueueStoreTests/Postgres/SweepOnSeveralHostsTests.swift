import CareQueueCore
import Foundation
import StoreFixtures
import Synchronization
import TestSupport
import Testing
@testable import CareQueueStore

/// Sweeps and open-task counts with other hosts writing to the same PostgreSQL database: every
/// escalation, coverage move and missing result once, and nothing missed that a transaction
/// committed late (its seq below one already seen).
@Suite("Sweeps and counts on several PostgreSQL hosts", .enabled(if: PostgresTestServer.shouldRun))
struct SweepOnSeveralHostsTests {
    /// Dr B covers Dr A from one hour after the start for one day.
    static let coverage = Coverage(providerNPI: Fixture.drA, coveringNPI: Fixture.drB,
                                   startsAt: Fixture.start + 3600, endsAt: Fixture.start + 3600 + 86_400)

    /// Criticals and routines for Dr A, abnormals for nobody, two refused messages and three
    /// orders whose results never come: every kind of work a sweep records.
    static var traffic: [IngestItem] {
        (1...12).map { Fixture.task($0, .critical) } + (13...18).map { Fixture.task($0, .abnormal, provider: nil) }
            + (19...22).map { Fixture.task($0, .routine) } + [Fixture.refused("X1"), Fixture.refused("X2")]
            + (1...3).map { Fixture.orderItem("O\($0)", placer: "PO\($0)", ago: 0) }
    }

    /// Coverage starts, criticals reach level 2, coverage ends with abnormals at level 1, then 2, then the orders are overdue.
    static let instants: [Date] = [1_800, 3_601, 25 * 3600 + 1, 49 * 3600, 8 * 86_400].map { Fixture.start + $0 }

    /// What the sweeps recorded, as comparable lines.
    static func summary(_ database: CareQueueDatabase) throws -> [String] {
        try database.engine.read { db in
            let escalations = try db.fetchAll("SELECT task_id, kind, level FROM escalations ORDER BY task_id, kind, level")
                .map { "escalation \($0[0] as Int64) \($0[1] as String) \($0[2] as Int)" }
            let tasks = try db.fetchAll("""
                SELECT id, kind, assigned_npi, escalation_level, version FROM tasks ORDER BY id
                """).map { "task \($0[0] as Int64) \($0[1] as String) \($0[2] as String? ?? "-") \($0[3] as Int) v\($0[4] as Int)" }
            let review = try db.fetchAll("SELECT message_id, level FROM review_escalations ORDER BY message_id, level")
                .map { "review \($0[0] as Int64) \($0[1] as Int)" }
            let audit = try db.fetchAll("SELECT action, count(*) FROM audit GROUP BY action ORDER BY action")
                .map { "audit \($0[0] as String) \($0[1] as Int)" }
            return escalations + tasks + review + audit
        }
    }

    @Test("two hosts sweeping one database at once, again and again, record each escalation, move and missing result once")
    func twoHostsRace() throws {
        let reference = try TestStore.lifecycle(.sqlite)
        let store = try TestStore.lifecycle(.postgres)
        for target in [reference, store] {
            for item in Self.traffic { try target.ingest(item) }
            try target.database.importCoverage([Self.coverage])
        }
        let hosts = [store.database, try store.reopened()]
        var reported = 0
        for instant in Self.instants {
            reported += try reference.database.runSweep(at: instant).escalations.count
        }

        let escalations = Mutex(0)
        let failures = Mutex<[String]>([])
        for instant in Self.instants {
            let done = DispatchGroup()
            for host in hosts {
                done.enter()
                Thread {
                    for _ in 0..<6 {
                        do {
                            let report = try host.runSweep(at: instant, chunk: 2)
                            escalations.withLock { $0 += report.escalations.count }
                        } catch {
                            failures.withLock { $0.append("\(error)") }
                        }
                    }
                    done.leave()
                }.start()
            }
            done.wait()
        }

        #expect(failures.withLock { $0 } == [])
        let recorded = try Self.summary(store.database)
        #expect(recorded == (try Self.summary(reference.database)))
        #expect(recorded.contains { $0.hasPrefix("audit coverage-move ") }, "coverage started and ended")
        #expect(recorded.contains("audit order.overdue 3"))
        #expect(recorded.contains("audit message.escalated 2"))
        #expect(escalations.withLock { $0 } == reported, "each escalation reported by the one sweep that recorded it")
        #expect(try store.count("SELECT count(*) FROM escalations") == reported)
        // The audit chain: one row per seq, each chaining from the one before, as either host anchors it.
        let rows = try store.database.engine.read { db in
            try db.fetchAll("SELECT * FROM audit ORDER BY seq").map(AuditEntryRecord.init)
        }
        #expect(rows.map(\.seq) == Array(1...Int64(rows.count)))
        var walk = AuditChainWalk(chain: AuditChain(key: nil), expectedPrevious: AuditChain.genesis)
        #expect(rows.compactMap { walk.step($0) }.map(\.why) == [])
        for host in hosts { _ = try host.anchorAudit() }
    }

    /// What went wrong on another thread, if anything.
    final class Failure: Sendable {
        let message = Mutex<String?>(nil)
    }

    /// Runs `sql` in a transaction on `host` that stays open until `commit` is signalled; returns once it has written.
    private static func holdOpen(_ host: CareQueueDatabase, _ sql: String, commit: DispatchSemaphore,
                                 finished: DispatchSemaphore, failure: Failure) {
        let written = DispatchSemaphore(value: 0)
        Thread {
            do {
                try host.engine.write { db in
                    try db.execute(sql)
                    written.signal()
                    commit.wait()
                }
            } catch {
                failure.message.withLock { $0 = "\(error)" }
                written.signal()
            }
            finished.signal()
        }.start()
        written.wait()
    }

    @Test("a change committed after one with a higher seq still reaches the kept counts")
    func lateChangeReachesCounts() throws {
        let store = try TestStore.lifecycle(.postgres)
        let late = try store.newTask(Fixture.task(1, .routine))
        let early = try store.newTask(Fixture.task(2, .routine, provider: Fixture.drB))
        let other = try store.reopened()
        _ = try store.database.queueCounts(at: store.clock.now())
        let commit = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        let failure = Failure()

        Self.holdOpen(other, "UPDATE tasks SET urgency = 'critical' WHERE id = \(late)", commit: commit,
                      finished: finished, failure: failure)
        try store.execute("UPDATE tasks SET assigned_npi = NULL WHERE id = \(early)")
        let whileOpen = try store.database.queueCounts(at: store.clock.now())
        commit.signal()
        finished.wait()
        let kept = try store.database.queueCounts(at: store.clock.now())
        store.database.openTaskTally.reset()
        let fresh = try store.database.queueCounts(at: store.clock.now())

        #expect(failure.message.withLock { $0 } == nil)
        #expect(try store.count("SELECT max(seq) FROM task_changes WHERE task_id = \(late)")
                < store.count("SELECT max(seq) FROM task_changes WHERE task_id = \(early)"), "committed late, with the lower seq")
        #expect(whileOpen.map(\.critical) == [0, 0])
        #expect(kept == fresh)
        #expect(kept.map(\.critical) == [0, 1])
    }

    @Test("a quiet schedule does not skip a task another host moved in a transaction that committed late")
    func lateChangeWakesSchedule() throws {
        let store = try TestStore.lifecycle(.postgres)
        let late = try store.newTask(Fixture.task(1, .routine))
        let early = try store.newTask(Fixture.task(2, .routine))
        let other = try store.reopened()
        #expect(try store.sweep().isEmpty, "routines: nothing due for 72 h")
        let commit = DispatchSemaphore(value: 0), finished = DispatchSemaphore(value: 0)
        let failure = Failure()

        // Unassigned, its clock running: it escalates at once.
        Self.holdOpen(other, "UPDATE tasks SET assigned_npi = NULL WHERE id = \(late)", commit: commit,
                      finished: finished, failure: failure)
        try store.execute("UPDATE tasks SET attempts = attempts + 1 WHERE id = \(early)")
        store.clock.advance(by: 1)
        #expect(try store.sweep().isEmpty, "the move is not committed yet")
        commit.signal()
        finished.wait()
        #expect(failure.message.withLock { $0 } == nil)
        #expect(try store.count("SELECT max(seq) FROM task_changes WHERE task_id = \(late)")
                < store.count("SELECT max(seq) FROM task_changes WHERE task_id = \(early)"), "committed late, with the lower seq")
        store.clock.advance(by: 1)
        let report = try store.sweep()

        #expect(report.escalations.map(\.taskID) == [late])
    }
}
