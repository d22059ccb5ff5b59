import CareQueueCore
import Foundation
import GRDB
import StoreFixtures
import Testing
import TestSupport
@testable import CareQueueStore

@Suite("Opening the database")
struct OpeningTests {
    private func freshPath() throws -> (URL, String) {
        let directory = try TestPaths.temporaryDirectory("carequeue-open")
        return (directory, directory.appendingPathComponent("nested/carequeue.sqlite").path)
    }

    private func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test("a new database and its -wal/-shm are 0600")
    func privateFileModes() throws {
        let (directory, path) = try freshPath()
        defer { try? FileManager.default.removeItem(at: directory) }

        let database = try CareQueueDatabase(path: path)
        try database.importRoster(Fixture.roster)

        for file in [path, path + "-wal", path + "-shm"] {
            #expect(FileManager.default.fileExists(atPath: file), "\(file) exists")
            #expect(try mode(file) == 0o600, "\(file) mode")
        }
    }

    @Test("with [store] group the files are 0660 and owned by that group")
    func groupFileModes() throws {
        let (directory, path) = try freshPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        let gid = getgid()
        let groupName = try #require(getgrgid(gid).map { String(cString: $0.pointee.gr_name) })
        var store = CareQueueConfig.Store()
        store.group = groupName

        let database = try CareQueueDatabase(path: path, store: store)
        try database.importRoster(Fixture.roster)

        for file in [path, path + "-wal", path + "-shm"] {
            #expect(try mode(file) == 0o660, "\(file) mode")
            let owner = try FileManager.default.attributesOfItem(atPath: file)[.groupOwnerAccountID] as? NSNumber
            #expect(owner?.uint32Value == gid, "\(file) group")
        }
    }

    @Test("an unknown [store] group is a clear error")
    func unknownGroup() throws {
        let (directory, path) = try freshPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        var store = CareQueueConfig.Store()
        store.group = "no-such-group-carequeue"

        #expect(throws: StoreError.unknownGroup("no-such-group-carequeue")) {
            _ = try CareQueueDatabase(path: path, store: store)
        }
    }

    @Test("synchronous reads back as configured", arguments: [
        (CareQueueConfig.Synchronous.full, 2),
        (CareQueueConfig.Synchronous.normal, 1),
    ])
    func synchronousLevel(level: CareQueueConfig.Synchronous, expected: Int) throws {
        let (directory, path) = try freshPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        var store = CareQueueConfig.Store()
        store.synchronous = level

        let database = try CareQueueDatabase(path: path, store: store)

        #expect(try database.writerSynchronous() == expected)
    }

    @Test("opening a missing database without .create throws and creates nothing",
          arguments: [CareQueueDatabase.Access.readOnly, .existing])
    func missingDatabase(access: CareQueueDatabase.Access) throws {
        let (directory, path) = try freshPath()
        defer { try? FileManager.default.removeItem(at: directory) }

        #expect(throws: StoreError.noDatabase(path: path)) {
            _ = try CareQueueDatabase(path: path, access: access)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(!FileManager.default.fileExists(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path))
        #expect(StoreError.noDatabase(path: path).description
                == "no database at \(path) — run `carequeue listen` or an import first")
    }

    @Test("opening an empty PostgreSQL database without .create throws and makes no schema",
          .enabled(if: PostgresTestServer.shouldRun), arguments: [CareQueueDatabase.Access.readOnly, .existing])
    func emptyPostgresDatabase(access: CareQueueDatabase.Access) throws {
        let url = try StoreKind.freshPostgresURL()
        let location = try PostgresURL.parse(url).redacted
        #expect(throws: StoreError.emptyDatabase(path: location)) {
            _ = try StoreKind.openPostgres(url, access: access)
        }
        let tables = try PostgresTestServer.psql(url, ["-At", "-c", "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"])
        #expect(tables.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        #expect(StoreError.emptyDatabase(path: location).description
                == "no CareQueue store in \(location) yet — run `carequeue listen` or an import first")
        // The first command that may create it does.
        _ = try StoreKind.openPostgres(url, access: .create)
        _ = try StoreKind.openPostgres(url, access: access)
    }

    @Test("a read-only open sees what a writer stored and cannot write")
    func readOnlyOpen() throws {
        let (directory, path) = try freshPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        try CareQueueDatabase(path: path).importRoster(Fixture.roster)

        let reader = try CareQueueDatabase(path: path, access: .readOnly)

        #expect(try reader.providers().count == Fixture.roster.count)
        let newcomer = Provider(npi: Fixture.npi("555555555"), name: "Dr E", role: .pa)
        #expect(throws: StoreError.permissionDenied(path: path)) { try reader.importRoster([newcomer]) }
    }

    @Test("a file that is not SQLite is not a CareQueue database")
    func notSQLite() throws {
        let (directory, path) = try freshPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: path))

        #expect(throws: StoreError.notCareQueueDatabase(path: path)) {
            _ = try CareQueueDatabase(path: path, access: .existing)
        }
    }

    @Test("another application's SQLite database is refused, not migrated")
    func foreignSQLite() throws {
        let (directory, path) = try freshPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE notes (body TEXT)") }

        #expect(throws: StoreError.notCareQueueDatabase(path: path)) {
            _ = try CareQueueDatabase(path: path)
        }
        let tables = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(tables == ["notes"])
    }

    @Test("a database migrated by a newer CareQueue is refused", arguments: [
        CareQueueDatabase.Access.create, .existing, .readOnly,
    ])
    func newerSchema(access: CareQueueDatabase.Access) throws {
        let (directory, path) = try freshPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        try CareQueueDatabase(path: path).pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
        }

        #expect(throws: StoreError.newerSchema(path: path)) {
            _ = try CareQueueDatabase(path: path, access: access)
        }
    }

    @Test("reopening an existing database keeps its data")
    func reopen() throws {
        let (directory, path) = try freshPath()
        defer { try? FileManager.default.removeItem(at: directory) }
        try CareQueueDatabase(path: path).importRoster(Fixture.roster)

        let again = try CareQueueDatabase(path: path, access: .existing)

        #expect(try again.providers().map(\.npi) == Fixture.roster.map(\.npi).sorted())
    }
}
