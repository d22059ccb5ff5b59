import CareQueueApp
import CareQueueCore
import CareQueueStore
import Foundation
import StoreFixtures
import Synchronization
import Testing
import TestSupport

/// One outbox worker delivers per database: on SQLite the file lock beside it, on PostgreSQL a
/// session lock every host's worker asks for.
@Suite("The outbox's delivery lease")
struct DeliveryLeaseTests {
    @Test("SQLite: the lease is the lock file beside the database; the second taker waits for the first to let go")
    func sqlite() throws {
        let store = try TestStore()
        let first = store.database.deliveryLease()
        let second = store.database.deliveryLease()
        #expect(try first.tryAcquire())
        #expect(try !second.tryAcquire())
        #expect(FileManager.default.fileExists(atPath: store.path + "-outbox.lock"))
        first.release()
        #expect(try second.tryAcquire())
        second.release()
    }

    /// A lease whose holder can "die": with `dies` set, its worker's clean stop lets nothing go,
    /// and only the end of its database session frees it.
    final class Mortal: DeliveryLease {
        let lease: any DeliveryLease
        let dies = Atomic(false)

        init(_ lease: any DeliveryLease) { self.lease = lease }

        func tryAcquire() throws -> Bool { try lease.tryAcquire() }

        func release() { if !dies.load(ordering: .relaxed) { lease.release() } }
    }

    @Test("two hosts' workers on one PostgreSQL database: one delivers at a time; when the holder dies its lease passes; every row is sent once",
          .enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.skipNote)))
    func twoHosts() async throws {
        let ehr = try await AcknowledgingEHR()
        var outbound = CareQueueConfig.Outbound(host: "127.0.0.1", port: ehr.port)
        outbound.events = [.close]
        let store = try TestStore(kind: .postgres, roster: Fixture.fullRoster)
        let tasks = try (1...16).map { try store.newTask(Fixture.task($0, .routine)) }
        for task in tasks.prefix(8) { try store.enqueueOutbox(taskID: task, outbound: outbound) }
        let name = try #require(store.database.path.split(separator: "/").last.map { String($0.split(separator: "?")[0]) })
        let url = try PostgresTestServer.url(try PostgresTestServer.requireURL(), database: name)
        let hosts = [store.database, try StoreKind.openPostgres(url)]
        let leases = hosts.map { Mortal($0.deliveryLease()) }
        let workers = try zip(hosts, leases).map { host, lease in
            try OutboxWorker(database: host, settings: outbound, clock: SystemTimeSource(), lease: lease)
        }
        for worker in workers { worker.start() }
        defer { for worker in workers { worker.stop() } }

        func delivered() throws -> Int { try store.database.outboxCount(status: .delivered) }
        // Should a wait time out, what each row and each session of this database was doing.
        func state() -> String {
            let rows = (try? store.database.outboxEntries(limit: 100).map { "\($0.id):\($0.status.rawValue)/\($0.attempts)" }) ?? []
            let sessions = (try? PostgresTestServer.psql(url, ["-At", "-c", """
                SELECT pid, state, wait_event_type, wait_event, left(query, 80) FROM pg_stat_activity
                WHERE datname = current_database() AND pid <> pg_backend_pid()
                """]).stdout) ?? ""
            return "holders \(workers.map(\.isDelivering)), EHR received \(ehr.received), rows \(rows)\nsessions:\n\(sessions)"
        }
        try await Self.waitFor("the first rows delivered", state) {
            #expect(workers.filter(\.isDelivering).count <= 1, "never two holders at once")
            return try delivered() == 8
        }
        let holder = try #require(workers.firstIndex { $0.isDelivering })
        let other = 1 - holder

        // The holder dies: its worker stops without letting go, its database session lives on.
        leases[holder].dies.store(true, ordering: .relaxed)
        workers[holder].stop()
        for task in tasks.suffix(8) { try store.enqueueOutbox(taskID: task, outbound: outbound) }
        try await Task.sleep(for: .seconds(OutboxWorker.lockRetry + 0.5))
        #expect(!workers[other].isDelivering, "the lease is still held by the dead holder's session")
        #expect(try delivered() == 8)

        // Its session ends (the server notices the process gone): the other host takes over.
        // pg_locks is the server's: only this test's database (other tests hold the same key in theirs).
        let ended = try PostgresTestServer.psql(url, ["-At", "-c", """
            SELECT count(pg_terminate_backend(pid)) FROM pg_locks
            WHERE locktype = 'advisory' AND granted
              AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
              AND ((classid::bigint << 32) | objid::bigint) = \(Self.leaseKey)
            """])
        #expect(ended.status == 0 && ended.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "\(ended.stderr)")
        try await Self.waitFor("the rest delivered by the other host", state) {
            try delivered() == 16
        }
        #expect(workers[other].isDelivering)
        #expect(ehr.received == 16, "every row sent once")
        #expect(try store.database.outboxEntries(limit: 100).allSatisfy { $0.status == .delivered && $0.attempts == 1 })
        await ehr.close()
    }

    /// The store's advisory lock key of the delivery lease ("CQOutbox").
    static let leaseKey: Int64 = 0x4351_4F75_7462_6F78

    /// Generous: the whole suite on two shared cores can take a while to deliver a few rows.
    static func waitFor(_ what: String, timeout: TimeInterval = 120, _ state: () -> String = { "" },
                        _ condition: () throws -> Bool) async throws {
        let deadline = Date() + timeout
        while Date() < deadline {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting for \(what); \(state())")
    }
}
