import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore
import TestSupport

@Suite("Audit rows name the operating-system account")
struct IdentityTests {
    @Test("ingest, refusals, actions, escalations and coverage moves all record the process's account")
    func everyWriter() throws {
        let store = try TestStore.lifecycle()
        let a = try store.newTask(Fixture.task(1, .critical))
        _ = try store.newTask(Fixture.task(2, .critical, provider: Fixture.drC))
        try store.ingest(Fixture.task(1, .critical))
        try store.ingest(Fixture.refused("R1"))
        try store.act(.attempt(.noAnswer, note: ""), a)
        try store.database.importCoverage([Coverage(providerNPI: Fixture.drA, coveringNPI: Fixture.drB,
                                                    startsAt: Fixture.start + 60, endsAt: Fixture.start + 86_400)])
        store.clock.advance(by: 3600)
        try store.sweep()

        let rows = try store.database.auditRecords()
        let actions = Set(rows.map(\.action))
        #expect(actions.isSuperset(of: ["task.created", "message.duplicate", "message.refused", "attempt", "escalation",
                                        "coverage-move"]), "\(actions)")
        #expect(rows.allSatisfy { $0.osUser == Fixture.account })
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE os_user IS NULL") == 0)
        #expect(try store.verify() == .intact(rows: rows.count, keyed: false))
    }

    @Test("another process's rows name its own account, and the roster person who logs in as it")
    func secondProcess() throws {
        let store = try TestStore.lifecycle()
        var roster = Fixture.fullRoster
        roster[3].login = "night.coord"
        try store.database.importRoster(roster)
        let id = try store.newTask(Fixture.task(1, .routine))

        let other = try CareQueueDatabase(path: store.path, access: .existing, osUser: "night.coord")
        try other.perform(.acknowledge, onTask: id, by: "Sam at desk 2", at: store.clock.now())

        let ack = try #require(try store.database.auditRecords(taskID: id).last)
        #expect(ack.user == "Sam at desk 2")
        #expect(ack.osUser == "night.coord")
        #expect(ack.osUserName == "Coordinator")
        #expect(ack.actor == "Sam at desk 2 (night.coord → Coordinator)")
        let created = try #require(try store.database.auditRecords(taskID: id).first)
        #expect(created.osUser == Fixture.account)
        #expect(created.osUserName == nil)
    }

    @Test("the process's own account comes from its uid")
    func processAccount() {
        #expect(ProcessAccount.current == ProcessAccount.name(ofUID: getuid()))
        #expect(!ProcessAccount.current.isEmpty)
        // No passwd entry: the uid itself.
        #expect(ProcessAccount.name(ofUID: 4_000_000_123) == "uid 4000000123")
    }

    @Test("editing or clearing a row's account breaks the chain at that row", arguments: [
        "UPDATE audit SET os_user = 'mallory' WHERE seq = 2",
        "UPDATE audit SET os_user = NULL WHERE seq = 2",
    ])
    func accountTampered(_ sql: String) throws {
        let store = try TestStore.lifecycle()
        let id = try store.newTask(Fixture.task(1, .routine))
        try store.act(.acknowledge, id)
        try store.act(.attempt(.noAnswer, note: ""), id)
        #expect(try store.verify() == .intact(rows: 3, keyed: false))

        try store.tamper("DROP TRIGGER audit_no_update; " + sql)

        guard case .broken(let seq, let why) = try store.verify() else {
            Issue.record("a changed account went unnoticed")
            return
        }
        #expect(seq == 2)
        #expect(why.contains("its content does not match its hash"))
    }

    @Test("a chain written before accounts were kept still verifies after the migration, and continues", arguments: [false, true])
    func migration(keyed: Bool) throws {
        let setup = try TestStore.lifecycle()
        let (keyPath, key) = try setup.writeKeyFile()
        let chain = AuditChain(key: keyed ? key : nil)
        let path = setup.directory.appendingPathComponent("v4.sqlite").path
        // Given a database at the schema before this one, with three chained rows and no account column.
        do {
            let pool = try DatabasePool(path: path)
            try Schema.migrator.migrate(pool, upTo: Schema.messageIdentityMigration)
            try pool.write { db in
                var previous = AuditChain.genesis
                for seq in Int64(1)...3 {
                    let entry = AuditEntry(seq: seq, at: Fixture.start + Double(seq), user: "lab:LAB", action: "message.refused",
                                           taskID: nil, details: "{\"n\":\"\(seq)\"}")
                    let hash = chain.hash(entry, previous: previous)
                    try db.execute(sql: """
                        INSERT INTO audit (seq, at, user, action, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [seq, StoreTime.text(entry.at), entry.user, entry.action, entry.details, previous, hash])
                    previous = hash
                }
                try AuditChainRecord.insert(chain, db)
            }
        }

        var config = CareQueueConfig()
        if keyed { config.audit.keyFile = keyPath }
        let database = try CareQueueDatabase(path: path, access: .existing, config: config, osUser: "kim")
        #expect(try database.verifyAudit(with: chain) == .unanchored(rows: 3, keyed: keyed, anchoredThrough: nil, unanchored: 3))
        #expect(try database.auditRecords().map(\.osUser) == [nil, nil, nil])

        try database.importRoster(Fixture.fullRoster)
        let writer = StoreWriter(database: database, config: config, timeSource: FixedTimeSource(Fixture.start + 10))
        defer { writer.close() }
        guard case .accepted = try writer.ingestNow(Fixture.task(1, .routine)).get(),
              let id = try database.pool.read({ db in try Int64.fetchOne(db, sql: "SELECT max(id) FROM tasks") }) else {
            Issue.record("the result was not accepted")
            return
        }
        try database.perform(.acknowledge, onTask: id, by: "kim", at: Fixture.start + 20)
        #expect(try database.verifyAudit(with: chain) == .intact(rows: 5, keyed: keyed))
        #expect(try database.auditRecords().map(\.osUser) == [nil, nil, nil, "kim", "kim"])

        // The append-only and must-chain triggers still hold after the migration.
        #expect(throws: DatabaseError.self) {
            try database.pool.write { db in try db.execute(sql: "UPDATE audit SET os_user = 'x' WHERE seq = 1") }
        }
        #expect(throws: DatabaseError.self) {
            try database.pool.write { db in try db.execute(sql: "DELETE FROM audit WHERE seq = 5") }
        }
        #expect(throws: DatabaseError.self) {
            try database.pool.write { db in
                try db.execute(sql: "INSERT INTO audit (at, user, action, details, os_user) VALUES ('2026-01-01T12:00:00Z', 'x', 'y', '{}', 'kim')")
            }
        }
    }
}
