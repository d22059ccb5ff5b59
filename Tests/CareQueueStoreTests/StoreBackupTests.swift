import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
@testable import CareQueueStore
import TestSupport

@Suite("Backup: a verified copy whose audit trail verifies")
struct StoreBackupTests {
    /// Six tasks, two acknowledged: the acknowledgements anchor the chain; the last two ingests
    /// leave their rows unanchored (the listener's upkeep would anchor them), so the copy's anchor
    /// needs a record of its own.
    private func store(keyed: Bool) throws -> (TestStore, [UInt8]?, holder: TestStore?) {
        let (store, key, holder) = try TestStore.lifecycle(keyed: keyed)
        var ids: [Int64] = []
        for n in 1...4 { ids.append(try store.newTask(Fixture.task(n, .routine))) }
        try store.act(.acknowledge, ids[0])
        try store.act(.acknowledge, ids[1])
        for n in 5...6 { _ = try store.newTask(Fixture.task(n, .routine)) }
        let verdict = try store.verify(key: key)
        guard case .unanchored = verdict else { throw HarnessFailure("expected unanchored rows, got \(verdict)") }
        return (store, key, holder)
    }

    private func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("the copy holds the tasks, is private, passes integrity_check and verifies with its own anchor",
          arguments: [true, false])
    func copyVerifies(keyed: Bool) throws {
        let (store, key, _) = try store(keyed: keyed)
        let rowsBefore = try store.count("SELECT count(*) FROM audit")
        let path = store.directory.appendingPathComponent("copy.sqlite").path

        let summary = try store.database.backup(to: path, by: "alice", at: Fixture.start)

        #expect(summary.tasks == 6)
        #expect(summary.auditThrough == Int64(rowsBefore))
        #expect(summary.audit == .intact(rows: rowsBefore, keyed: keyed))
        #expect(summary.bytes > 0)
        #expect(try mode(path) == 0o600)
        #expect(try mode(path + "-audit-anchor") == 0o600)
        let copy = try CareQueueDatabase(path: path, access: .readOnly)
        #expect(try copy.verifyAudit(with: AuditChain(key: key)) == .intact(rows: rowsBefore, keyed: keyed))
        #expect(try copy.tasks(status: .all).count == 6)
        // Nothing of the temporary file is left beside the copy.
        let left = try FileManager.default.contentsOfDirectory(atPath: store.directory.path).filter { $0.contains("partial") }
        #expect(left.isEmpty, "\(left)")

        // The source audits the backup, and still verifies.
        let row = try #require(try store.database.auditRecords().last)
        #expect(row.action == "backup")
        let details = AuditDetails(row.details)
        #expect(details.string("path") == path)
        #expect(details.string("audit_through") == String(rowsBefore))
        #expect(details.string("tasks") == "6")
        #expect(try store.verify(key: key) == .intact(rows: rowsBefore + 1, keyed: keyed))
    }

    @Test("an existing file is refused unless replacing; the source itself never")
    func refusals() throws {
        let (store, _, _) = try store(keyed: false)
        let path = store.directory.appendingPathComponent("copy.sqlite").path
        try Data("precious".utf8).write(to: URL(fileURLWithPath: path))

        #expect(throws: BackupError.exists(path: path)) { try store.database.backup(to: path, by: "alice") }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious")

        let replaced = try store.database.backup(to: path, replacing: true, by: "alice")
        #expect(replaced.tasks == 6)
        #expect(throws: BackupError.exists(path: path)) { try store.database.backup(to: path, by: "alice") }
        #expect(throws: BackupError.sameAsSource(path: store.path)) {
            try store.database.backup(to: store.path, replacing: true, by: "alice")
        }
    }

    @Test("a directory that is missing or is a file is named")
    func badDirectory() throws {
        let (store, _, _) = try store(keyed: false)
        let missing = store.directory.appendingPathComponent("nowhere").path
        #expect(throws: BackupError.noDirectory(path: missing)) {
            try store.database.backup(to: missing + "/copy.sqlite", by: "alice")
        }
        #expect(throws: BackupError.noDirectory(path: store.path)) {
            try store.database.backup(to: store.path + "/copy.sqlite", by: "alice")
        }
        #expect(try store.database.auditRecords().allSatisfy { $0.action != "backup" })
    }
}

private struct HarnessFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
