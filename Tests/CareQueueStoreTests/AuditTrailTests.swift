import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore
import TestSupport

@Suite("The hash-chained audit trail")
struct AuditTrailTests {
    /// Given a store with ingests, actions, a refusal, a duplicate and escalations in its audit trail.
    private func busyStore(_ kind: StoreKind = .sqlite, config: CareQueueConfig = CareQueueConfig(),
                           store existing: TestStore? = nil) throws -> TestStore {
        let store = try existing ?? TestStore.lifecycle(kind, config: config)
        let a = try store.newTask(Fixture.task(1, .critical))
        let b = try store.newTask(Fixture.task(2, .abnormal, provider: nil))
        try store.ingest(Fixture.task(1, .critical))
        try store.ingest(Fixture.refused("R1"))
        try store.act(.attempt(.noAnswer, note: ""), b)
        store.clock.advance(by: 3600)
        try store.sweep()
        try store.act(.close(.reached, note: "told patient"), a)
        return store
    }

    private func auditCount(_ store: TestStore) throws -> Int {
        try store.count("SELECT COUNT(*) FROM audit")
    }

    @Test("ingest's rows verify, anchor and read back in order; an edited row is named", arguments: StoreKind.available)
    func ingestChain(kind: StoreKind) throws {
        let store = try TestStore.lifecycle(kind)
        let a = try store.newTask(Fixture.task(1, .critical))
        _ = try store.newTask(Fixture.task(2, .abnormal, provider: nil))
        try store.ingest(Fixture.task(1, .critical))
        try store.ingest(Fixture.refused("R1"))
        let rows = try auditCount(store)
        #expect(try store.verify() == .unanchored(rows: rows, keyed: false, anchoredThrough: nil, unanchored: rows))
        #expect(try store.database.anchorAudit() == .anchored(seq: Int64(rows)))
        #expect(try store.verify() == .intact(rows: rows, keyed: false))

        let records = try store.database.auditRecords()
        #expect(records.map(\.seq) == Array(1...Int64(rows)))
        #expect(records.allSatisfy { $0.hash?.count == 64 })
        let ofTask = try store.database.auditRecords(taskID: a)
        #expect(!ofTask.isEmpty && ofTask.allSatisfy { $0.taskID == a })
        #expect(try store.database.auditRecords(AuditFilter(mrn: "MRN1")) == ofTask)
        let refused = try store.database.auditRecords(AuditFilter(action: "message.refused"))
        #expect(refused.count == 1 && refused[0].taskID == nil)
        #expect(try store.database.auditRestart() == nil)

        // An edit made around CareQueue, with the guard set aside as the file's owner could.
        switch kind {
        case .sqlite: try store.tamper("DROP TRIGGER audit_no_update; UPDATE audit SET details = '{\"n\":\"x\"}' WHERE seq = 2")
        case .postgres:
            try store.execute("""
                ALTER TABLE audit DISABLE TRIGGER audit_no_update;
                UPDATE audit SET details = '{"n":"x"}' WHERE seq = 2;
                ALTER TABLE audit ENABLE TRIGGER audit_no_update;
                """)
        }
        guard case .broken(let seq, let why) = try store.verify() else {
            Issue.record("the edit went unnoticed")
            return
        }
        #expect(seq == 2 && why.contains("its content does not match its hash"))
    }

    // The tests below are about SQLite's own file, triggers, key handling or migrations.
    @Test("every writer appends to one chain that verifies", arguments: StoreKind.available)
    func intact(kind: StoreKind) throws {
        let store = try busyStore(kind)
        let rows = try auditCount(store)
        #expect(rows >= 8)
        #expect(try store.verify() == .intact(rows: rows, keyed: false))
        #expect(try store.count("SELECT COUNT(*) FROM audit WHERE hash IS NULL OR prev_hash IS NULL") == 0)
        #expect(try store.string("SELECT prev_hash FROM audit ORDER BY seq LIMIT 1") == AuditChain.genesis)
    }

    @Test("an item that fails inside a group leaves no gap in the chain")
    func savepointRollback() throws {
        let store = try TestStore.lifecycle()
        try store.execute("""
            CREATE TRIGGER refuse_bad BEFORE INSERT ON messages WHEN NEW.control_id = 'BAD'
                BEGIN SELECT RAISE(ABORT, 'test refuses this message'); END;
            """)
        let results = store.writer.ingestTogether([Fixture.task(1, .routine), Fixture.refused("BAD"),
                                                   Fixture.task(3, .routine)])

        #expect(results.filter { (try? $0.get()) == nil }.count == 1)
        // Ingest leaves anchoring to the listener's upkeep, off the ACK path.
        let rows = try auditCount(store)
        #expect(try store.verify() == .unanchored(rows: rows, keyed: false, anchoredThrough: nil, unanchored: rows))
        #expect(try store.database.anchorAudit() == .anchored(seq: Int64(rows)))
        #expect(try store.verify() == .intact(rows: rows, keyed: false))
    }

    @Test("two connections (two processes) appending in turn keep one chain")
    func twoWriters() throws {
        let store = try TestStore.lifecycle()
        let id = try store.newTask(Fixture.task(1, .routine))
        let other = try CareQueueDatabase(path: store.path, access: .existing)
        try other.perform(.acknowledge, onTask: id, by: "bob", at: store.clock.now())
        _ = try store.newTask(Fixture.task(2, .routine))
        try other.perform(.attempt(.noAnswer, note: ""), onTask: id, by: "bob", at: store.clock.now())
        _ = try store.newTask(Fixture.task(3, .routine))

        // Each action anchored at once; the last ingest waits for an anchoring pass.
        #expect(try store.verify() == .unanchored(rows: 5, keyed: false, anchoredThrough: 4, unanchored: 1))
        #expect(try store.database.anchorAudit() == .anchored(seq: 5))
        #expect(try store.verify() == .intact(rows: 5, keyed: false))
    }

    struct Tamper: Sendable, CustomTestStringConvertible {
        var name: String
        var sql: String
        var brokenSeq: Int64
        var why: String
        var testDescription: String { name }
    }

    static let tampering: [Tamper] = [
        Tamper(name: "details edited", sql: "UPDATE audit SET details = '{\"note\":\"nothing happened\"}' WHERE seq = 3",
               brokenSeq: 3, why: "its content does not match its hash"),
        Tamper(name: "user edited", sql: "UPDATE audit SET user = 'mallory' WHERE seq = 5",
               brokenSeq: 5, why: "its content does not match its hash"),
        Tamper(name: "time edited", sql: "UPDATE audit SET at = '2026-01-01T11:00:00Z' WHERE seq = 2",
               brokenSeq: 2, why: "its content does not match its hash"),
        Tamper(name: "a row removed", sql: "DELETE FROM audit WHERE seq = 4",
               brokenSeq: 5, why: "its previous-hash does not match the row before it"),
    ]

    @Test("a row changed directly in SQLite after dropping the triggers is named", arguments: tampering)
    func tampered(_ c: Tamper) throws {
        let store = try busyStore()
        let last = try Int64(store.count("SELECT max(seq) FROM audit"))
        #expect(try store.verify() == .intact(rows: Int(last), keyed: false))

        try store.tamper("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; " + c.sql)

        guard case .broken(let seq, let why) = try store.verify() else {
            Issue.record("tampering went unnoticed")
            return
        }
        #expect(seq == (c.brokenSeq == -1 ? last : c.brokenSeq))
        #expect(why.contains(c.why))
    }

    @Test("with a key file, the chain is an HMAC and verifies only with that key")
    func keyed() throws {
        let setup = try TestStore.lifecycle()
        let (path, key) = try setup.writeKeyFile()
        var config = CareQueueConfig()
        config.audit.keyFile = path
        let store = try busyStore(config: config)
        let rows = try auditCount(store)

        #expect(try store.verify(key: key) == .intact(rows: rows, keyed: true))
        #expect(try store.verify() == .keyRequired)
        #expect(try store.verify(key: [UInt8](repeating: 8, count: 32)) == .wrongKey)
        #expect(try store.count("SELECT keyed FROM audit_chain") == 1)
    }

    @Test("with a key file, a chain recomputed with plain SHA-256 fails", arguments: [false, true])
    func recomputedWithoutKey(claimUnkeyed: Bool) throws {
        let setup = try TestStore.lifecycle()
        let (path, key) = try setup.writeKeyFile()
        var config = CareQueueConfig()
        config.audit.keyFile = path
        let store = try busyStore(config: config)

        // Someone with the file but not the key edits a row and recomputes every hash after it.
        try forgeChain(store, editing: 3, claimUnkeyed: claimUnkeyed)
        // Claiming an unkeyed chain does not help: the anchor's records carry the key's MACs.
        if claimUnkeyed {
            guard case .anchorBroken(let why) = try store.verify() else {
                Issue.record("a forged unkeyed chain passed without the key")
                return
            }
            #expect(why.contains("does not match its MAC"))
        } else {
            #expect(try store.verify() == .keyRequired)
        }

        guard case .broken(let seq, _) = try store.verify(key: key) else {
            Issue.record("a forged chain verified with the key")
            return
        }
        #expect(seq == 1)
    }

    /// Rewrites the chain with plain SHA-256 after editing row `seq`, as a forger without the key would.
    private func forgeChain(_ store: TestStore, editing seq: Int64, claimUnkeyed: Bool) throws {
        let queue = try DatabaseQueue(path: store.path)
        try queue.write { db in
            try db.execute(sql: "DROP TRIGGER audit_no_update; DROP TRIGGER audit_chain_no_update; DROP TRIGGER audit_chain_no_delete")
            try db.execute(sql: "UPDATE audit SET details = '{\"note\":\"forged\"}' WHERE seq = ?", arguments: [seq])
            if claimUnkeyed { try db.execute(sql: "UPDATE audit_chain SET keyed = 0, key_check = NULL") }
            let plain = AuditChain(key: nil)
            var previous = AuditChain.genesis
            for row in try Row.fetchAll(db, sql: "SELECT seq, at, user, action, task_id, details FROM audit ORDER BY seq") {
                let entry = AuditEntry(seq: row[0], at: StoreTime.date(row[1])!, user: row[2], action: row[3],
                                       taskID: row[4], details: row[5])
                let hash = plain.hash(entry, previous: previous)
                try db.execute(sql: "UPDATE audit SET prev_hash = ?, hash = ? WHERE seq = ?",
                               arguments: [previous, hash, entry.seq])
                previous = hash
            }
        }
    }

    @Test("a process without the key (or with another) cannot extend a keyed chain")
    func keyedChainRefusesOtherWriters() throws {
        let setup = try TestStore.lifecycle()
        let (path, _) = try setup.writeKeyFile()
        let (otherPath, _) = try setup.writeKeyFile(9, name: "other.key")
        var config = CareQueueConfig()
        config.audit.keyFile = path
        let store = try busyStore(config: config)
        let id = try store.newTask(Fixture.task(7, .routine))

        let unkeyed = try CareQueueDatabase(path: store.path, access: .existing)
        let error = #expect(throws: StoreError.self) {
            try unkeyed.perform(.acknowledge, onTask: id, by: "bob", at: store.clock.now())
        }
        #expect(error?.description == "the audit chain of \(store.path) is keyed: set [audit] key_file to its key file")

        var otherConfig = CareQueueConfig()
        otherConfig.audit.keyFile = otherPath
        let wrong = #expect(throws: StoreError.self) {
            _ = try CareQueueDatabase(path: store.path, access: .existing, config: otherConfig)
        }
        #expect(wrong?.description == "[audit] key_file is not the key the audit chain of \(store.path) was made with")

        let keyedAgain = try CareQueueDatabase(path: store.path, access: .existing, config: config)
        try keyedAgain.perform(.acknowledge, onTask: id, by: "bob", at: store.clock.now())
        #expect(try store.verify(key: [UInt8](repeating: 7, count: 32)) == .intact(rows: auditCount(store), keyed: true))
    }

    @Test("an unkeyed chain refuses a key later; a bad key file is a clear error")
    func keyProblems() throws {
        let store = try busyStore()
        let (path, _) = try store.writeKeyFile()
        var config = CareQueueConfig()
        config.audit.keyFile = path
        let late = #expect(throws: StoreError.self) {
            _ = try CareQueueDatabase(path: store.path, access: .existing, config: config)
        }
        #expect(late?.description.contains("was started without a key") == true)

        let short = store.directory.appendingPathComponent("short.key").path
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: short))
        config.audit.keyFile = short
        let tooShort = #expect(throws: StoreError.self) {
            _ = try CareQueueDatabase(path: store.path, access: .existing, config: config)
        }
        #expect(tooShort?.description.contains("holds 3 bytes; it needs at least 32") == true)
    }

    @Test("a writer configured with a bad key fails every commit with the reason and writes nothing")
    func writerWithBadKey() throws {
        var config = CareQueueConfig()
        config.audit.keyFile = "/nonexistent/audit.key"
        let store = try TestStore.lifecycle(config: config)

        let result = store.writer.ingestNow(Fixture.task(1, .routine))

        #expect(result == .failure(.database(.auditKey("audit key file /nonexistent/audit.key does not exist"))))
        #expect(try store.count("SELECT COUNT(*) FROM messages") == 0)
        #expect(throws: StoreError.self) { try store.sweep() }
    }

    @Test("the migration chains audit rows written before the chain existed", arguments: [false, true])
    func migration(keyed: Bool) throws {
        let setup = try TestStore.lifecycle()
        let (_, key) = try setup.writeKeyFile()
        let path = setup.directory.appendingPathComponent("old.sqlite").path
        // Given a database at the first schema with three audit rows.
        do {
            let pool = try DatabasePool(path: path)
            try Schema.migrator.migrate(pool, upTo: Schema.firstMigration)
            try pool.write { db in
                for n in 1...3 {
                    try db.execute(sql: "INSERT INTO audit (at, user, action, details) VALUES (?, 'lab:LAB', 'message.refused', ?)",
                                   arguments: [StoreTime.text(Fixture.start + Double(n)), "{\"n\":\"\(n)\"}"])
                }
            }
        }

        let database = try CareQueueDatabase(path: path, access: .existing,
                                             auditChain: AuditChain(key: keyed ? key : nil))

        let chain = AuditChain(key: keyed ? key : nil)
        #expect(try database.verifyAudit(with: chain) == .unanchored(rows: 3, keyed: keyed, anchoredThrough: nil, unanchored: 3))
        let records = try database.auditRecords()
        #expect(records.map(\.details) == ["{\"n\":\"1\"}", "{\"n\":\"2\"}", "{\"n\":\"3\"}"])
        #expect(records.allSatisfy { $0.hash?.count == 64 })
        // The triggers are back: the migrated rows are sealed.
        #expect(throws: DatabaseError.self) {
            try database.pool.write { db in try db.execute(sql: "UPDATE audit SET user = 'x' WHERE seq = 1") }
        }
        // And new rows continue the same chain.
        try database.importRoster(Fixture.fullRoster)
        let writer = StoreWriter(database: database, config: {
            var config = CareQueueConfig()
            if keyed { config.audit.keyFile = setup.directory.appendingPathComponent("audit.key").path }
            return config
        }(), timeSource: FixedTimeSource(Fixture.start + 10))
        defer { writer.close() }
        _ = try writer.ingestNow(Fixture.task(1, .routine)).get()
        try database.anchorAudit()
        #expect(try database.verifyAudit(with: chain) == .intact(rows: 4, keyed: keyed))
    }

    @Test("audit rows cannot be inserted without a hash")
    func unchainedInsert() throws {
        let store = try busyStore()
        let error = #expect(throws: DatabaseError.self) {
            try store.execute("INSERT INTO audit (at, user, action, details, os_user) VALUES ('2026-01-01T12:00:00Z', 'x', 'y', '{}', 'kim')")
        }
        #expect(error?.message == "audit rows must be hash-chained")
    }

    @Test("audit rows cannot be inserted without the operating-system account")
    func insertWithoutAccount() throws {
        let store = try busyStore()
        let error = #expect(throws: DatabaseError.self) {
            try store.execute("""
                INSERT INTO audit (at, user, action, details, prev_hash, hash)
                    VALUES ('2026-01-01T12:00:00Z', 'x', 'y', '{}', '\(AuditChain.genesis)', '\(AuditChain.genesis)')
                """)
        }
        #expect(error?.message == "audit rows must name the operating-system account")
    }
}
