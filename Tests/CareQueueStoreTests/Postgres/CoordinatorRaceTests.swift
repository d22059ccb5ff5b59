import CareQueueCore
import Foundation
import StoreFixtures
import Synchronization
import TestSupport
import Testing
@testable import CareQueueStore

/// Coordinators on two hosts acting on one PostgreSQL database at the same moment: what must
/// happen once happens once, and whoever lost is told who won.
@Suite("Coordinators on two hosts", .enabled(if: PostgresTestServer.shouldRun))
struct CoordinatorRaceTests {
    private static let rounds = 8
    private let later = Fixture.start.addingTimeInterval(60)

    /// Two hosts on one new database with the full roster, and `count` tasks stored through the first.
    private static func hosts(tasks count: Int) throws -> (hosts: [CareQueueDatabase], tasks: [Int64]) {
        let url = try StoreKind.freshPostgresURL()
        let hosts = try (0..<2).map { _ in try StoreKind.openPostgres(url) }
        try hosts[0].importRoster(Fixture.fullRoster)
        let writer = StoreWriter(database: hosts[0], timeSource: FixedTimeSource(Fixture.start))
        defer { writer.close() }
        var tasks: [Int64] = []
        for n in 0..<count {
            _ = try writer.ingestNow(Fixture.task(n + 1, .critical)).get()
        }
        writer.drain()
        tasks = try hosts[0].engine.read { db in try db.values(Int64.self, "SELECT id FROM tasks ORDER BY id") }
        return (hosts, tasks)
    }

    /// Runs each body on its own thread, all released at once; their results in order.
    private static func race<T: Sendable>(_ bodies: [@Sendable () throws -> T]) -> [Result<T, any Error>] {
        let results = Mutex<[Int: Result<T, any Error>]>([:])
        let start = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for (index, body) in bodies.enumerated() {
            done.enter()
            Thread {
                start.wait()
                let result = Result { try body() }
                results.withLock { $0[index] = result }
                done.leave()
            }.start()
        }
        for _ in bodies { start.signal() }
        done.wait()
        return results.withLock { stored in bodies.indices.map { stored[$0]! } }
    }

    private static func count(_ sql: String, _ database: CareQueueDatabase) throws -> Int {
        try database.engine.read { db in try db.value(Int.self, sql) ?? -1 }
    }

    @Test("two hosts close one task from the same read: one close is written, the other is refused naming it")
    func closeRace() throws {
        let (hosts, tasks) = try Self.hosts(tasks: Self.rounds)
        let at = later
        for id in tasks {
            let seen = try hosts.map { try $0.snapshot(ofTask: id) }
            let results = Self.race([0, 1].map { index in
                { @Sendable in
                    try hosts[index].perform(.close(.reached, note: "host \(index)"), on: seen[index], by: "user\(index)", at: at)
                }
            })
            let winners = results.indices.filter { (try? results[$0].get()) != nil }
            #expect(winners.count == 1)
            guard let winner = winners.first, case .failure(let error) = results[1 - winner] else { continue }
            #expect("\(error)" == "task is already closed by user\(winner) at 2026-01-01T12:01:00Z")
            #expect(try Self.count("SELECT COUNT(*) FROM audit WHERE action = 'close' AND task_id = \(id)", hosts[0]) == 1)
            #expect(try hosts[1].engine.read { db in
                try db.value(String.self, "SELECT close_note FROM tasks WHERE id = ?") { $0.add(id) }
            } == "host \(winner)")
        }
        let seqs = try hosts[0].engine.read { db in try db.values(Int64.self, "SELECT seq FROM audit ORDER BY seq") }
        #expect(seqs == Array(1...Int64(seqs.count)), "one audit chain, no gaps")
    }

    @Test("two hosts log an attempt from the same read: both are kept, no lost update")
    func attemptRace() throws {
        let (hosts, tasks) = try Self.hosts(tasks: Self.rounds)
        let at = later
        for id in tasks {
            let seen = try hosts.map { try $0.snapshot(ofTask: id) }
            let results = Self.race([0, 1].map { index in
                { @Sendable in try hosts[index].perform(.attempt(.noAnswer, note: "host \(index)"), on: seen[index], by: "user\(index)", at: at) }
            })
            #expect(results.allSatisfy { (try? $0.get()) != nil })
            #expect(try Self.count("SELECT attempts FROM tasks WHERE id = \(id)", hosts[0]) == 2)
            #expect(try Self.count("SELECT COUNT(*) FROM attempts WHERE task_id = \(id)", hosts[0]) == 2)
        }
    }

    @Test("the same person undoing one action from two hosts at once undoes it once")
    func undoRace() throws {
        let (hosts, tasks) = try Self.hosts(tasks: Self.rounds)
        let at = later
        for id in tasks {
            try hosts[0].perform(.acknowledge, onTask: id, by: "alice", at: at)
            let acknowledged = try Self.count("SELECT version FROM tasks WHERE id = \(id)", hosts[0])
            let results = Self.race([0, 1].map { index in
                { @Sendable in try hosts[index].undoLatestAction(onTask: id, by: "alice", at: at) }
            })
            #expect(results.filter { (try? $0.get()) != nil }.count == 1)
            #expect(try Self.count("SELECT COUNT(*) FROM audit WHERE action = 'task.undone' AND task_id = \(id)", hosts[0]) == 1)
            #expect(try Self.count("SELECT version FROM tasks WHERE id = \(id)", hosts[1]) == acknowledged + 1)
        }
    }

    @Test("a look from two hosts leaves the claim with whoever holds it; acting from two hosts leaves one claim")
    func claimRace() throws {
        let (hosts, tasks) = try Self.hosts(tasks: Self.rounds)
        let at = later
        for id in tasks {
            try hosts[0].claim(task: id, by: "kim", at: at, for: 300)
            let looks = Self.race([0, 1].map { index in
                { @Sendable in try hosts[index].claim(task: id, by: "viewer\(index)", at: at, for: 300, purpose: .viewing) }
            })
            #expect(looks.allSatisfy { (try? $0.get()) != nil })
            #expect(try hosts[1].activeClaims(at: at)[id]?.by == "kim")
            let acts = Self.race([0, 1].map { index in
                { @Sendable in try hosts[index].claim(task: id, by: "actor\(index)", at: at, for: 300) }
            })
            #expect(acts.allSatisfy { (try? $0.get()) != nil })
            #expect(try Self.count("SELECT COUNT(*) FROM task_claims WHERE task_id = \(id)", hosts[0]) == 1)
            #expect(try hosts[0].activeClaims(at: at)[id]?.by.hasPrefix("actor") == true)
        }
    }

    /// A training message (MSH-11 `T`) refused under `processing_ids = ["P"]`, stored through `database`.
    private static func refusedTrainingMessages(_ count: Int, _ database: CareQueueDatabase) throws -> [Int64] {
        let writer = StoreWriter(database: database, timeSource: FixedTimeSource(Fixture.start))
        defer { writer.close() }
        for n in 0..<count {
            let item = FrameIntake(processingIDs: ["P"]).classify(Fixture.potassiumORU("T\(n)", processingID: "T"),
                                                                   peer: "10.0.0.5:5000", receivedAt: Fixture.start).item
            _ = try writer.ingestNow(item).get()
        }
        writer.drain()
        return try database.reviewList().map(\.id)
    }

    /// Two hosts, `rounds` refused training messages on the review list, and the configuration
    /// that accepts them when replayed.
    private static func replayHosts() throws -> (hosts: [CareQueueDatabase], config: CareQueueConfig, ids: [Int64]) {
        let (hosts, _) = try Self.hosts(tasks: 0)
        var config = CareQueueConfig()
        config.listener.processingIDs = ["P", "T"]
        return (hosts, config, try Self.refusedTrainingMessages(Self.rounds, hosts[0]))
    }

    @Test("two hosts replaying one review message at once store it and make its task once")
    func replayRace() throws {
        let (hosts, fixed, ids) = try Self.replayHosts()
        let at = later
        #expect(ids.count == Self.rounds)
        for id in ids {
            let results = Self.race([0, 1].map { index in
                { @Sendable in
                    try hosts[index].replayReviewMessage(id: id, config: fixed, user: "user\(index)", at: at,
                                                         timeSource: FixedTimeSource(Fixture.start))
                }
            })
            let outcomes = results.compactMap { try? $0.get() }
            #expect(outcomes.count == 2, "neither host failed: \(results)")
            let replayed = outcomes.compactMap { outcome -> Int64? in
                if case .replayed(let replayID, let taskIDs) = outcome, taskIDs.count == 1 { return replayID }
                return nil
            }
            #expect(replayed.count == 1)
            #expect(outcomes.contains { outcome in
                if case .blocked(.alreadyResolved(let resolution)) = outcome { return resolution.replayedAs == replayed.first }
                return false
            })
            #expect(try Self.count("SELECT COUNT(*) FROM messages WHERE replay_of = \(id)", hosts[0]) == 1)
            #expect(try Self.count("""
                SELECT COUNT(*) FROM audit WHERE action = 'message.replayed' AND details LIKE '%"message_id":"\(id)"%'
                """, hosts[0]) == 1)
        }
        // Every replay is one message and one task (all the same patient and order: one task, updated).
        #expect(try Self.count("SELECT COUNT(*) FROM messages WHERE replay_of IS NOT NULL", hosts[1]) == Self.rounds)
        #expect(try Self.count("SELECT COUNT(*) FROM derivation_queue", hosts[1]) == 0)
    }

    @Test("a replay racing a listener storing the same message: one accepted message, one task, no deadlock")
    func replayRacesResend() throws {
        let (hosts, fixed, ids) = try Self.replayHosts()
        let at = later
        let listener = StoreWriter(database: hosts[1], config: fixed, timeSource: FixedTimeSource(Fixture.start))
        defer { listener.close() }
        for (n, id) in ids.enumerated() {
            let resend = FrameIntake(processingIDs: ["P", "T"]).classify(Fixture.potassiumORU("T\(n)", processingID: "T"),
                                                                        peer: "10.0.0.5:5000", receivedAt: Fixture.start).item
            let replay: @Sendable () throws -> String = {
                "\(try hosts[0].replayReviewMessage(id: id, config: fixed, user: "alice", at: at, timeSource: FixedTimeSource(Fixture.start)))"
            }
            let ingest: @Sendable () throws -> String = { "\(try listener.ingestNow(resend).get())" }
            let results = Self.race([replay, ingest])
            #expect(results.allSatisfy { (try? $0.get()) != nil }, "\(results)")
            #expect(try Self.count("""
                SELECT COUNT(*) FROM messages WHERE control_id = 'T\(n)' AND ack_code = 'AA' AND original_message_id IS NULL
                """, hosts[0]) == 1)
        }
        listener.drain()
        #expect(try Self.count("SELECT COUNT(*) FROM tasks", hosts[0]) == 1)
    }

    @Test("two hosts resolving one review message at once resolve it once")
    func resolveRace() throws {
        let (hosts, _) = try Self.hosts(tasks: 0)
        let at = later
        for id in try Self.refusedTrainingMessages(Self.rounds, hosts[0]) {
            let results = Self.race([0, 1].map { index in
                { @Sendable in try hosts[index].resolveReviewMessage(id: id, note: "host \(index)", user: "user\(index)", at: at) }
            })
            let outcomes = results.compactMap { try? $0.get() }
            #expect(outcomes.filter { $0 == .resolved }.count == 1)
            #expect(outcomes.filter { if case .alreadyResolved = $0 { true } else { false } }.count == 1)
        }
        #expect(try Self.count("SELECT COUNT(*) FROM audit WHERE action = 'message.resolved'", hosts[0]) == Self.rounds)
    }
}
