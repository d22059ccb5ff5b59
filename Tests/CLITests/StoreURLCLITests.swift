import Foundation
import TestSupport
import Testing

/// `[store] url`, `--db URL` and `$CAREQUEUE_DB` through the binary: told by `config check`
/// without connecting; refused cleanly by commands until this build can open PostgreSQL.
@Suite("PostgreSQL store selection end to end")
struct StoreURLCLITests {
    /// A workspace whose configuration names a PostgreSQL URL and a password file (0600), with a
    /// home of its own so no real ~/.pgpass or $CAREQUEUE_DB leaks in.
    private func workspace() throws -> (directory: URL, config: String, environment: [String: String]) {
        let directory = try TestPaths.temporaryDirectory("carequeue-storeurl")
        let password = directory.appendingPathComponent("pg.password").path
        FileManager.default.createFile(atPath: password, contents: Data("not-printed\n".utf8), attributes: [.posixPermissions: 0o600])
        let config = directory.appendingPathComponent("config.toml").path
        let text = "[store]\nurl = \"postgresql://carequeue@127.0.0.1:5432/carequeue?sslmode=require\"\npassword_file = \"pg.password\"\n"
        try text.write(toFile: config, atomically: true, encoding: .utf8)
        return (directory, config, ["HOME": directory.path, "CAREQUEUE_DB": "", "PGPASSFILE": ""])
    }

    @Test("config check --show prints the redacted URL, sslmode and the password's source, never the password")
    func configCheckShowsStore() throws {
        let (directory, config, environment) = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let password = directory.appendingPathComponent("pg.password").path
        let expected = "store: postgresql://carequeue@127.0.0.1:5432/carequeue (PostgreSQL, from [store] url; sslmode require; password: password_file \(password))"

        let shown = try Subprocess.carequeue(["config", "check", "--show", config], environment: environment)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("\n# \(expected)\n"), "\(shown.stdout)")
        #expect(shown.stdout.contains("url = \"postgresql://carequeue@127.0.0.1:5432/carequeue?sslmode=require\"\npassword_file = \"\(password)\"\n"))
        #expect(!shown.stdout.contains("not-printed"))

        let checked = try Subprocess.carequeue(["config", "check", config], environment: environment)
        #expect(checked.stdout == "\(config): ok\n\(expected)\n", "\(checked.stdout)")

        // --db beats [store] url here too; a bad URL in it is one more problem, its password unrepeated.
        let sqlite = try Subprocess.carequeue(["config", "check", config, "--db", "/tmp/q.sqlite"], environment: environment)
        #expect(sqlite.stdout.hasSuffix("store: /tmp/q.sqlite (SQLite, from --db)\n"), "\(sqlite.stdout)")
        let bad = try Subprocess.carequeue(["config", "check", config, "--db", "postgresql://cq:hunter2@db/cq"], environment: environment)
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("--db: the URL holds a password (user:password@)"), "\(bad.stderr)")
        #expect(!bad.stderr.contains("hunter2") && !bad.stdout.contains("hunter2"))
    }

    @Test("a command whose PostgreSQL server is not there exits 1 saying so, naming the redacted URL")
    func unreachablePostgres() throws {
        let (directory, _, environment) = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let reserved = try ReservedPort()
        defer { reserved.release() }
        let config = directory.appendingPathComponent("unreachable.toml").path
        try "[store]\nurl = \"postgresql://carequeue@127.0.0.1:\(reserved.port)/carequeue\"\npassword_file = \"pg.password\"\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let fromConfig = try Subprocess.carequeue(["tasks", "list", "--config", config], environment: environment)
        #expect(fromConfig.status == 1)
        #expect(fromConfig.stderr.contains("cannot use the database at postgresql://carequeue@127.0.0.1:\(reserved.port)/carequeue"),
                "\(fromConfig.stderr)")
        #expect(!fromConfig.stderr.contains("not-printed"))

        var fromEnvironment = environment
        fromEnvironment["CAREQUEUE_DB"] = "postgres://cq@127.0.0.1:\(reserved.port)/queue?application_name=x"
        let viaEnvironment = try Subprocess.carequeue(["tasks", "list"], environment: fromEnvironment)
        #expect(viaEnvironment.status == 1)
        #expect(viaEnvironment.stderr.contains("cannot use the database at postgresql://cq@127.0.0.1:\(reserved.port)/queue"),
                "\(viaEnvironment.stderr)")

        let withPassword = try Subprocess.carequeue(["tasks", "list", "--db", "postgresql://cq:hunter2@db/cq"], environment: environment)
        #expect(withPassword.status == 1)
        #expect(withPassword.stderr.contains("--db: the URL holds a password"), "\(withPassword.stderr)")
        #expect(!withPassword.stderr.contains("hunter2"))

        // An explicit SQLite path wins over [store] url: that command gets as far as SQLite.
        let missing = directory.appendingPathComponent("absent.sqlite").path
        let sqlite = try Subprocess.carequeue(["tasks", "list", "--config", config, "--db", missing], environment: environment)
        #expect(!sqlite.stderr.contains("PostgreSQL"), "\(sqlite.stderr)")
    }

    @Test("roster import and roster list run on PostgreSQL through the binary; the audit anchor is this host's file",
          .enabled(if: PostgresTestServer.shouldRun))
    func rosterOnPostgres() throws {
        let (directory, _, environment) = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = try PostgresTestServer.freshDatabase(prefix: "cli")
        let roster = TestPaths.sampleData.appendingPathComponent("roster.csv").path

        let imported = try Subprocess.carequeue(["roster", "import", roster, "--db", url], environment: environment)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout == "roster: 11 added, 0 updated, 0 unchanged\n")
        let again = try Subprocess.carequeue(["roster", "import", roster, "--db", url], environment: environment)
        #expect(again.stdout == "roster: 0 added, 0 updated, 11 unchanged\n", "\(again.stderr)")

        let listed = try Subprocess.carequeue(["roster", "list", "--db", url], environment: environment)
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("1000000020  Patel, Anika"), "\(listed.stdout)")
        let state = directory.appendingPathComponent(".local/share/carequeue/postgres").path
        #expect(try FileManager.default.attributesOfItem(atPath: state)[.posixPermissions] as? Int == 0o700)
    }

    @Test("backup of a PostgreSQL store is a pg_dump archive: private, readable by pg_restore, audited",
          .enabled(if: PostgresTestServer.shouldRun))
    func backupOnPostgres() throws {
        let (directory, _, environment) = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = try PostgresTestServer.freshDatabase(prefix: "cli")
        let roster = TestPaths.sampleData.appendingPathComponent("roster.csv").path
        #expect(try Subprocess.carequeue(["roster", "import", roster, "--db", url], environment: environment).status == 0)
        let archive = directory.appendingPathComponent("cq.dump").path

        let backup = try Subprocess.carequeue(["backup", archive, "--db", url], environment: environment)
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(backup.stdout.hasPrefix("backup of 0 tasks ("), "\(backup.stdout)")
        #expect(backup.stdout.contains("(custom format: restore with pg_restore)"), "\(backup.stdout)")
        #expect(try FileManager.default.attributesOfItem(atPath: archive)[.posixPermissions] as? Int == 0o600)
        let listed = try Subprocess.run(URL(fileURLWithPath: "/usr/bin/env"), ["pg_restore", "--list", archive])
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("TABLE DATA public providers"), "\(listed.stdout.prefix(400))")

        let again = try Subprocess.carequeue(["backup", archive, "--db", url], environment: environment)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already exists; pass --force to replace it"), "\(again.stderr)")
        let audit = try Subprocess.carequeue(["audit", "list", "--db", url, "--json"], environment: environment)
        #expect(audit.stdout.contains("\"backup\""), "\(audit.stdout.suffix(400)) \(audit.stderr)")
    }
}
