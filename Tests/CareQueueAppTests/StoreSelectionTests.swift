import CareQueueApp
import CareQueueCore
import Foundation
import Testing
import TestSupport

@Suite("Store selection: --db, $CAREQUEUE_DB, [store] url, the default file")
struct StoreSelectionTests {
    struct Inputs: Sendable {
        var db: String?
        var environment: [String: String]
        var url: String?
    }

    static let configured = "postgresql://cq@config-db/cq"
    static let home = ["HOME": "/h"]

    static let precedence: [Named<Inputs, StoreSelection>] = [
        Named("--db PATH wins over $CAREQUEUE_DB and [store] url",
              Inputs(db: "/x/q.sqlite", environment: ["CAREQUEUE_DB": "postgresql://cq@env-db/cq"], url: configured),
              StoreSelection(location: .sqlite(path: "/x/q.sqlite"), origin: .option)),
        Named("--db URL wins over $CAREQUEUE_DB and [store] url",
              Inputs(db: "postgres://cq@option-db:5433/q", environment: ["CAREQUEUE_DB": "/e/q.sqlite"], url: configured),
              StoreSelection(location: .postgres(PostgresLocation(user: "cq", host: "option-db", port: 5433, database: "q")), origin: .option)),
        Named("$CAREQUEUE_DB path wins over [store] url",
              Inputs(db: nil, environment: ["CAREQUEUE_DB": "/e/q.sqlite"], url: configured),
              StoreSelection(location: .sqlite(path: "/e/q.sqlite"), origin: .environment)),
        Named("$CAREQUEUE_DB URL wins over [store] url",
              Inputs(db: nil, environment: ["CAREQUEUE_DB": "postgresql://cq@env-db/cq"], url: configured),
              StoreSelection(location: .postgres(PostgresLocation(user: "cq", host: "env-db")), origin: .environment)),
        Named("[store] url when neither is given; an empty $CAREQUEUE_DB is none",
              Inputs(db: nil, environment: ["CAREQUEUE_DB": "", "HOME": "/h"], url: configured),
              StoreSelection(location: .postgres(PostgresLocation(user: "cq", host: "config-db")), origin: .configuration)),
        Named("else the SQLite file under $XDG_DATA_HOME",
              Inputs(db: nil, environment: ["XDG_DATA_HOME": "/d", "HOME": "/h"], url: nil),
              StoreSelection(location: .sqlite(path: "/d/carequeue/carequeue.sqlite"), origin: .defaultPath)),
        Named("else the SQLite file under ~/.local/share", Inputs(db: nil, environment: home, url: nil),
              StoreSelection(location: .sqlite(path: "/h/.local/share/carequeue/carequeue.sqlite"), origin: .defaultPath)),
    ]

    @Test("precedence", arguments: precedence)
    func resolves(_ row: Named<Inputs, StoreSelection>) throws {
        var config = CareQueueConfig()
        config.store.url = try row.input.url.map(PostgresURL.parse)
        #expect(try StoreSelection.resolve(db: row.input.db, config: config, environment: row.input.environment) == row.expected)
    }

    @Test("a bad URL is refused naming where it came from, never quoting a password")
    func refusals() {
        let cases: [(String?, [String: String], String)] = [
            ("postgresql://cq:hunter2@db/cq", [:], "--db: the URL holds a password (user:password@)"),
            (nil, ["CAREQUEUE_DB": "mysql://cq@db/cq"], "$CAREQUEUE_DB: mysql:// is not a store CareQueue opens"),
            (nil, ["CAREQUEUE_DB": "postgresql://cq@db/cq?sslmode=yes"], "$CAREQUEUE_DB: sslmode \"yes\" is not one of"),
        ]
        for (db, environment, start) in cases {
            do {
                _ = try StoreSelection.resolve(db: db, config: CareQueueConfig(), environment: environment)
                Issue.record("\(start): accepted")
            } catch {
                #expect(error.description.hasPrefix(start), "\(error.description)")
                #expect(!error.description.contains("hunter2"))
            }
        }
    }

    @Test("config check's line: path or redacted URL, what chose it, sslmode and the password's source")
    func summary() {
        let sqlite = StoreSelection(location: .sqlite(path: "/d/carequeue/carequeue.sqlite"), origin: .defaultPath)
        #expect(StoreSummary.lines(sqlite, password: nil) == ["store: /d/carequeue/carequeue.sqlite (SQLite, default path)"])
        let location = PostgresLocation(user: "cq", host: "db", sslMode: .verifyFull, applicationName: "x")
        let postgres = StoreSelection(location: .postgres(location), origin: .configuration)
        let found = PostgresPassword(password: "s3cret", source: .pgpass(path: "/h/.pgpass", viaEnvironment: false, line: 2), warnings: [])
        #expect(StoreSummary.lines(postgres, password: .success(found))
            == ["store: postgresql://cq@db:5432/cq (PostgreSQL, from [store] url; sslmode verify-full; password: ~/.pgpass line 2)"])
        let ignored = PostgresPassword(password: nil, source: .none, warnings: ["password file \"/h/.pgpass\" has group or world access"])
        #expect(StoreSummary.lines(StoreSelection(location: .postgres(location), origin: .environment), password: .success(ignored))
            == ["store: postgresql://cq@db:5432/cq (PostgreSQL, from $CAREQUEUE_DB; sslmode verify-full; password: none)",
                "warning: password file \"/h/.pgpass\" has group or world access"])
        #expect(StoreSummary.lines(postgres, password: .failure(PostgresPasswordError("[store] password_file /p does not exist")))
            == ["store: postgresql://cq@db:5432/cq (PostgreSQL, from [store] url; sslmode verify-full; password: unavailable ([store] password_file /p does not exist))"])
    }

    @Test("config check names a [store] password_file this account cannot read, at its line")
    func configCheckPasswordFile() throws {
        let directory = try TestPaths.temporaryDirectory("carequeue-secret")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("c.toml").path
        try "[store]\nurl = \"postgresql://cq@db/cq\"\npassword_file = \"absent.pw\"\n".write(toFile: file, atomically: true, encoding: .utf8)
        let report = ConfigCheck.run(path: file, environment: [:])
        let absent = directory.appendingPathComponent("absent.pw").standardizedFileURL.path
        #expect(report.problems == [FileLineError(file: file, line: 3,
                                                  message: "[store] password_file \(absent) cannot be read: No such file or directory")])
    }

    @Test("the password file reader: text, a plain file or not, and group or world access")
    func secretFileReader() throws {
        let directory = try TestPaths.temporaryDirectory("carequeue-secret")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pgpass").path
        FileManager.default.createFile(atPath: file, contents: Data("*:*:*:*:pw\n".utf8), attributes: [.posixPermissions: 0o600])
        #expect(SecretFileReader.read(file) == .read(text: "*:*:*:*:pw\n", isRegularFile: true, groupOrWorldAccess: false))
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file)
        #expect(SecretFileReader.read(file) == .read(text: "*:*:*:*:pw\n", isRegularFile: true, groupOrWorldAccess: true))
        try FileManager.default.setAttributes([.posixPermissions: 0o604], ofItemAtPath: file)
        #expect(SecretFileReader.read(file) == .read(text: "*:*:*:*:pw\n", isRegularFile: true, groupOrWorldAccess: true))
        #expect(SecretFileReader.read(directory.appendingPathComponent("absent").path) == .missing)
        guard case .read(_, false, _) = SecretFileReader.read(directory.path) else {
            Issue.record("a directory is no plain file")
            return
        }
    }
}
