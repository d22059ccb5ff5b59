import CareQueueCore
import Foundation
import StoreFixtures
import TestSupport
import Testing
@testable import CareQueueStore

/// What tells a dashboard to re-read: SQLite's data_version, PostgreSQL's LISTEN/NOTIFY.
@Suite("The store's change signal")
struct StoreChangeSignalTests {
    /// From a commit to `changed()` saying so on another host (issue 20's bound for live updates).
    static let bound: Duration = .milliseconds(250)

    @Test("a commit makes the signal say true once; a read does not", arguments: StoreKind.available)
    func commitsAndReads(kind: StoreKind) throws {
        let store = try TestStore(kind: kind)
        let signal = try store.database.changeSignal()
        #expect(try signal.changed() == true)
        #expect(try signal.changed() == false)

        _ = try store.database.engine.read { db in try db.value(Int64.self, "SELECT count(*) FROM tasks") }
        Thread.sleep(forTimeInterval: 0.1)
        #expect(try signal.changed() == false)

        try store.ingest(Fixture.result("C1", Fixture.order(observations: [Fixture.potassium()])))
        #expect(try Self.wait(for: signal, within: Self.bound) != nil)
        // The ACK's commit and its derivation's are two transactions: PostgreSQL may deliver the
        // second's notification after the wait saw the first. Once both are in, it says no more.
        Thread.sleep(forTimeInterval: 0.3)
        _ = try signal.changed()
        Thread.sleep(forTimeInterval: 0.1)
        #expect(try signal.changed() == false)
    }

    @Test("a commit on one host reaches the other's signal within 250 ms; its reads do not",
          .enabled(if: PostgresTestServer.shouldRun))
    func acrossHosts() throws {
        let url = try StoreKind.freshPostgresURL()
        let hostA = try StoreKind.openPostgres(url)
        let hostB = try StoreKind.openPostgres(url)
        let signal = try hostA.changeSignal()
        #expect(try signal.changed() == true)

        _ = try hostB.engine.read { db in try db.value(Int64.self, "SELECT count(*) FROM providers") }
        Thread.sleep(forTimeInterval: 0.3)
        #expect(try signal.changed() == false)

        try hostB.importRoster(Fixture.roster)
        let rosterDelay = try Self.wait(for: signal, within: Self.bound)
        #expect(rosterDelay != nil)

        let commit = GroupCommit(database: hostB, config: CareQueueConfig(), timeSource: FixedTimeSource(Fixture.start))
        #expect(commit.commit([Fixture.result("C1", Fixture.order(observations: [Fixture.potassium()]))]).committed)
        let ingestDelay = try Self.wait(for: signal, within: Self.bound)
        #expect(ingestDelay != nil)
        // One transaction, one notification, however many rows and tables it wrote.
        Thread.sleep(forTimeInterval: 0.1)
        #expect(try signal.changed() == false)

        // Another host's listener beating (the header's listener state) reaches it too: the
        // heartbeat table, made anew by v22, keeps its trigger.
        try hostB.writeHeartbeat(Heartbeat(address: "10.0.0.6:2575", pid: 7, startedAt: Fixture.start,
                                           beatAt: Fixture.start, messagesToday: 0, lastMessageAt: nil))
        #expect(try Self.wait(for: signal, within: Self.bound) != nil)
    }

    @Test("when the server ends the listening connection the signal reconnects, says true once and sees later commits",
          .enabled(if: PostgresTestServer.shouldRun))
    func reconnects() throws {
        let url = try StoreKind.freshPostgresURL()
        let hostA = try StoreKind.openPostgres(url)
        let hostB = try StoreKind.openPostgres(url)
        var signal: StoreChangeSignal? = try hostA.changeSignal()
        #expect(try signal?.changed() == true)
        #expect(try listeners(hostB) == 1)

        let terminated = try hostB.engine.write { db in
            try db.value(Int64.self, """
                SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE datname = current_database() AND application_name = 'carequeue changes') AS ended
                """)
        }
        #expect(terminated == 1)
        #expect(try Self.wait(for: try #require(signal), within: .seconds(5)) != nil)
        #expect(try signal?.changed() == false)
        // pg_terminate_backend returns before the ended backend leaves pg_stat_activity: under
        // load both may be listed for a moment. One stays.
        #expect(try settledListeners(hostB, to: 1) == 1)

        try hostB.importRoster(Fixture.roster)
        #expect(try Self.wait(for: try #require(signal), within: Self.bound) != nil)

        // A signal no one holds closes its connection.
        signal = nil
        #expect(try settledListeners(hostB, to: 0) == 0)
    }

    /// The listening connections once their count fell to `expected`, or after 10 s, whichever is first.
    private func settledListeners(_ database: CareQueueDatabase, to expected: Int64) throws -> Int64 {
        let deadline = ContinuousClock.now + .seconds(10)
        while try listeners(database) > expected, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return try listeners(database)
    }

    /// The listening connections on `database`'s server database.
    private func listeners(_ database: CareQueueDatabase) throws -> Int64 {
        try database.engine.read { db in
            try db.value(Int64.self, """
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND application_name = 'carequeue changes'
                """) ?? -1
        }
    }

    /// How long until `signal` said true (asked every 5 ms), or nil if it did not within `limit`.
    static func wait(for signal: StoreChangeSignal, within limit: Duration) throws -> Duration? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < limit {
            if try signal.changed() { return ContinuousClock.now - start }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return nil
    }
}
