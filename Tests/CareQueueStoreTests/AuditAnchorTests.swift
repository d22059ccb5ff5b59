import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore
import TestSupport

/// The audit anchor: the chain's head kept outside the rows it protects, so that removing the
/// newest rows is detected and counted.
@Suite("The audit anchor")
struct AuditAnchorTests {
    /// A store with eight audit rows (four ingests, four acknowledgements), anchored.
    struct Anchored {
        /// Holds the key file's directory for as long as the store lives.
        let keyHolder: TestStore?
        let store: TestStore
        let key: [UInt8]?
        let rows = 8
    }

    private func anchoredStore(keyed: Bool = true) throws -> Anchored {
        let (store, key, holder) = try TestStore.lifecycle(keyed: keyed)
        for n in 1...4 {
            let id = try store.newTask(Fixture.task(n, .routine))
            try store.act(.acknowledge, id)
        }
        try store.database.anchorAudit()
        #expect(try store.count("SELECT COUNT(*) FROM audit") == 8)
        return Anchored(keyHolder: holder, store: store, key: key)
    }

    /// What the issue found: drop the guard, delete the newest rows, reset SQLite's sequence.
    private func removeNewest(_ count: Int, from store: TestStore) throws {
        try store.tamper("""
            DROP TRIGGER audit_no_delete;
            DELETE FROM audit WHERE seq > (SELECT max(seq) FROM audit) - \(count);
            UPDATE sqlite_sequence SET seq = (SELECT max(seq) FROM audit) WHERE name = 'audit';
            """)
    }

    @Test("removing any suffix of the chain is detected, with the number of rows missing",
          arguments: [(true, 1), (true, 3), (true, 7), (false, 1), (false, 7)])
    func suffixRemoved(keyed: Bool, count: Int) throws {
        let given = try anchoredStore(keyed: keyed)
        let (store, key) = (given.store, given.key)
        #expect(try store.verify(key: key) == .intact(rows: 8, keyed: keyed))

        try removeNewest(count, from: store)

        guard case .missing(let from, let through, let evidence) = try store.verify(key: key) else {
            Issue.record("\(count) rows removed went unnoticed")
            return
        }
        #expect(from == Int64(8 - count + 1))
        #expect(through == 8)
        #expect(evidence.hasPrefix("row 8 was anchored at "))
    }

    @Test("the anchor only grows: a process refuses to anchor a chain shorter than the last anchor")
    func neverAnchorsShorter() throws {
        let store = try anchoredStore().store
        let before = try String(contentsOfFile: store.path + "-audit-anchor", encoding: .utf8)
        try removeNewest(2, from: store)

        #expect {
            try store.database.anchorAudit()
        } throws: { error in
            "\(error)".contains("the audit chain ends at row 6 but row 8 was anchored: 2 rows are missing")
        }
        #expect(try String(contentsOfFile: store.path + "-audit-anchor", encoding: .utf8) == before)
    }

    @Test("nothing new is anchored while the head has not moved; a moved head gets one record")
    func idempotent() throws {
        let store = try anchoredStore().store
        let log = try store.database.auditAnchor.log()

        #expect(try store.database.anchorAudit() == .current(seq: 8))
        #expect(try store.database.auditAnchor.log() == log)
        _ = try store.newTask(Fixture.task(9, .routine))
        #expect(try store.database.anchorAudit() == .anchored(seq: 9))
        #expect(try store.database.auditAnchor.log().records.count == log.records.count + 1)
    }

    @Test("rows added after the newest anchor are reported as unanchored, never as intact")
    func unanchored() throws {
        let given = try anchoredStore()
        let (store, key) = (given.store, given.key)
        _ = try store.newTask(Fixture.task(9, .routine))
        _ = try store.newTask(Fixture.task(10, .routine))

        #expect(try store.verify(key: key) == .unanchored(rows: 10, keyed: true, anchoredThrough: 8, unanchored: 2))
    }

    @Test("two processes anchoring in turn keep one numbered, chained log")
    func twoProcesses() throws {
        let given = try anchoredStore()
        let (store, key) = (given.store, given.key)
        var config = CareQueueConfig()
        config.audit.keyFile = try #require(given.keyHolder).directory.appendingPathComponent("audit.key").path
        let other = try CareQueueDatabase(path: store.path, access: .existing, config: config)
        for n in 20..<24 {
            let id = try store.newTask(Fixture.task(n, .routine))
            try other.perform(.acknowledge, onTask: id, by: "bob", at: store.clock.now())
            try store.database.anchorAudit()
        }

        let records = try store.database.auditAnchor.log().records
        #expect(records.map(\.number) == Array(1...Int64(records.count)))
        #expect(try store.verify(key: key) == .intact(rows: 16, keyed: true))
    }

    struct Edit: Sendable, CustomTestStringConvertible {
        var name: String
        var edit: @Sendable ([String]) -> [String]
        var why: String
        var testDescription: String { name }
    }

    static let edits: [Edit] = [
        Edit(name: "a record's row number lowered", edit: { lines in
            var lines = lines
            lines[lines.count - 1] = lines[lines.count - 1].replacingOccurrences(of: " head 9 ", with: " head 7 ")
            return lines
        }, why: "does not match its MAC"),
        Edit(name: "a record removed from the middle", edit: { lines in
            Array(lines.prefix(1)) + Array(lines.dropFirst(2))
        }, why: "records were removed or reordered"),
        Edit(name: "two records swapped", edit: { lines in
            Array(lines.dropLast(2)) + [lines[lines.count - 1], lines[lines.count - 2]]
        }, why: "records were removed or reordered"),
        Edit(name: "a line that is not a record", edit: { $0 + ["v1 nonsense"] }, why: "is not an anchor record"),
    ]

    @Test("an anchor edited behind CareQueue's back cannot be trusted", arguments: edits)
    func editedAnchor(_ c: Edit) throws {
        let given = try anchoredStore()
        let (store, key) = (given.store, given.key)
        _ = try store.newTask(Fixture.task(9, .routine))
        try store.database.anchorAudit()
        let path = store.path + "-audit-anchor"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines.count >= 3)

        try (c.edit(lines).joined(separator: "\n") + "\n").write(toFile: path, atomically: false, encoding: .utf8)

        guard case .anchorBroken(let why) = try store.verify(key: key) else {
            Issue.record("an edited anchor was trusted")
            return
        }
        #expect(why.contains(c.why))
    }

    @Test("an anchor made with another key cannot be trusted")
    func otherKey() throws {
        let given = try anchoredStore()
        let log = try given.store.database.auditAnchor.log()
        #expect(log.records.count == 4)

        let problem = log.problem(chain: AuditChain(key: [UInt8](repeating: 9, count: 32)))

        #expect(problem?.description == "record 1 does not match its MAC (edited, or made with another key)")
    }

    @Test("a torn last line left by a crash mid-append is ignored, and cut off by the next append")
    func tornLine() throws {
        let given = try anchoredStore()
        let (store, key) = (given.store, given.key)
        let path = store.path + "-audit-anchor"
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("v1 3 head 1".utf8))
        try handle.close()
        #expect(try store.verify(key: key) == .intact(rows: 8, keyed: true))

        _ = try store.newTask(Fixture.task(9, .routine))
        #expect(try store.database.anchorAudit() == .anchored(seq: 9))

        #expect(try store.verify(key: key) == .intact(rows: 9, keyed: true))
        #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains("v1 3 head 1v1"))
    }

    @Test("a purge that leaves a checkpoint restarts the chain; without one, the removed rows are named")
    func checkpoint() throws {
        let given = try anchoredStore()
        let (store, key) = (given.store, given.key)
        let restart = try #require(try store.string("SELECT prev_hash FROM audit WHERE seq = 5"))
        try store.tamper("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq < 5")
        guard case .broken(let seq, _) = try store.verify(key: key) else {
            Issue.record("a purge without a checkpoint went unnoticed")
            return
        }
        #expect(seq == 5)

        let chain = AuditChain(key: key)
        _ = try store.database.auditAnchor.append(checkingWith: chain) { tail in
            AuditAnchorRecord.next(after: tail.last, kind: .checkpoint, seq: 5, hash: restart, at: Fixture.start, chain: chain)
        }

        #expect(try store.verify(key: key) == .intact(rows: 4, keyed: true))
    }

    @Test("a new database where an old one was deleted moves the old anchor aside and anchors its own chain")
    func orphanedAnchor() throws {
        let given = try anchoredStore(keyed: false)
        let path = given.store.path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }

        let fresh = try CareQueueDatabase(path: path)
        try fresh.importRoster(Fixture.fullRoster)
        let writer = StoreWriter(database: fresh, timeSource: FixedTimeSource(Fixture.start))
        _ = try writer.ingestNow(Fixture.task(1, .routine)).get()
        writer.close()

        #expect(try fresh.anchorAudit() == .anchored(seq: 1))
        #expect(try fresh.verifyAudit(with: AuditChain(key: nil)) == .intact(rows: 1, keyed: false))
        let names = try FileManager.default.contentsOfDirectory(atPath: given.store.directory.path)
        #expect(names.contains { $0.hasPrefix("carequeue.sqlite-audit-anchor.orphaned-") })
    }

    @Test("the anchor file is private like the database")
    func fileMode() throws {
        let store = try anchoredStore().store
        let attributes = try FileManager.default.attributesOfItem(atPath: store.path + "-audit-anchor")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
    }
}
