import CareQueueCore
import Testing

@Suite("PostgreSQL passwords: .pgpass and [store] password_file")
struct PgpassTests {
    let db = PostgresLocation(user: "cq", host: "db.example.org", port: 5432, database: "queue")

    @Test("the first matching line wins; comments, blank and short lines are skipped")
    func firstMatch() {
        let text = """
            # CareQueue
            db.example.org:5432:queue:cq

            other.example.org:5432:queue:cq:wrong-host
            db.example.org:5433:queue:cq:wrong-port
            db.example.org:5432:other:cq:wrong-database
            db.example.org:5432:queue:someone:wrong-user
            db.example.org:5432:queue:cq:right
            *:*:*:*:too-late
            """
        #expect(Pgpass.match(text, for: db) == Pgpass.Match(password: "right", line: 8))
        #expect(Pgpass.match("# only a comment\n", for: db) == nil)
    }

    @Test("a bare * matches any value, an escaped \\* only a star")
    func wildcards() {
        #expect(Pgpass.match("*:*:*:cq:any-host\n", for: db) == Pgpass.Match(password: "any-host", line: 1))
        #expect(Pgpass.match("db.example.org:*:queue:*:any-port\n", for: db)?.password == "any-port")
        #expect(Pgpass.match("\\*:*:*:*:star\n", for: db) == nil)
        #expect(Pgpass.match("db*:*:*:*:prefix\n", for: db) == nil, "* is no pattern inside a value")
    }

    @Test("\\: and \\\\ are a literal colon and backslash, in fields and in the password")
    func escapes() {
        let ipv6 = PostgresLocation(user: "c:q", host: "::1", port: 5432, database: "queue")
        #expect(Pgpass.match("\\:\\:1:5432:queue:c\\:q:pa\\:ss\\\\word\n", for: ipv6)?.password == "pa:ss\\word")
        #expect(Pgpass.match("::1:5432:queue:c:q:unescaped\n", for: ipv6) == nil)
        #expect(Pgpass.match("*:*:*:*:before:after\n", for: db)?.password == "before", "the password ends at an unescaped colon, as in libpq")
        #expect(Pgpass.match("*:*:*:*:trailing\\\n", for: db)?.password == "trailing\\", "libpq keeps a backslash that ends the line")
    }

    @Test("Windows line endings; an empty password field matches and gives none")
    func lineEndings() {
        #expect(Pgpass.match("*:*:*:*:crlf\r\n", for: db)?.password == "crlf")
        #expect(Pgpass.match("*:*:*:*:\n", for: db) == Pgpass.Match(password: "", line: 1))
    }

    @Test("a database defaulted from the user, and a socket matched as localhost or by its directory")
    func defaultsAndSockets() {
        let defaulted = PostgresLocation(user: "cq", host: "db")
        #expect(Pgpass.match("db:5432:cq:cq:same-as-user\n", for: defaulted)?.password == "same-as-user")
        let socket = PostgresLocation(user: "cq", host: "/var/run/postgresql")
        #expect(Pgpass.match("localhost:5432:cq:cq:local\n", for: socket)?.password == "local")
        #expect(Pgpass.match("/var/run/postgresql:5432:cq:cq:dir\n", for: socket)?.password == "dir")
        #expect(Pgpass.match("localhost:5432:cq:cq:local\n", for: defaulted) == nil, "localhost is a socket's name only")
    }

    // MARK: lookup

    private func files(_ entries: [String: SecretFile]) -> (String) -> SecretFile {
        { entries[$0] ?? .missing }
    }

    private func plain(_ text: String, shared: Bool = false) -> SecretFile {
        .read(text: text, isRegularFile: true, groupOrWorldAccess: shared)
    }

    @Test("[store] password_file wins over .pgpass: the whole file, line endings stripped")
    func passwordFileWins() throws {
        let read = files(["/etc/cq/pg.pw": plain("s3cret: with colon\r\n\n"), "/h/.pgpass": plain("*:*:*:*:from-pgpass\n")])
        let found = try PostgresPassword.lookUp(for: db, passwordFile: "/etc/cq/pg.pw", environment: ["HOME": "/h"], read: read)
        #expect(found.password == "s3cret: with colon")
        #expect(found.source == .passwordFile(path: "/etc/cq/pg.pw"))
        #expect(found.sourceText == "password_file /etc/cq/pg.pw")
        #expect(found.warnings.isEmpty)
        #expect(!"\(found)".contains("s3cret"), "interpolating a lookup never shows the password")
    }

    @Test("a [store] password_file that cannot give a password stops; one others may read is used, with a warning")
    func passwordFileProblems() throws {
        let path = "/etc/cq/pg.pw"
        let cases: [(SecretFile, String)] = [
            (.missing, "[store] password_file /etc/cq/pg.pw does not exist"),
            (.unreadable(reason: "Permission denied"), "[store] password_file /etc/cq/pg.pw cannot be read: Permission denied"),
            (.read(text: "", isRegularFile: false, groupOrWorldAccess: false), "[store] password_file /etc/cq/pg.pw is not a plain file"),
            (plain("\n"), "[store] password_file /etc/cq/pg.pw is empty"),
        ]
        for (file, message) in cases {
            #expect(throws: PostgresPasswordError(message)) {
                try PostgresPassword.lookUp(for: db, passwordFile: path, environment: [:], read: files([path: file]))
            }
        }
        let shared = try PostgresPassword.lookUp(for: db, passwordFile: path, environment: [:], read: files([path: plain("pw", shared: true)]))
        #expect(shared.password == "pw")
        #expect(shared.warnings == ["[store] password_file /etc/cq/pg.pw has group or world access; permissions should be u=rw (0600) or less"])
    }

    @Test("$PGPASSFILE, else ~/.pgpass; the source names the file and line")
    func pgpassFiles() throws {
        let read = files(["/srv/pgpass": plain("# x\n*:*:*:*:from-env\n"), "/h/.pgpass": plain("*:*:*:*:from-home\n")])
        let viaEnvironment = try PostgresPassword.lookUp(for: db, passwordFile: nil, environment: ["PGPASSFILE": "/srv/pgpass", "HOME": "/h"], read: read)
        #expect(viaEnvironment.password == "from-env")
        #expect(viaEnvironment.sourceText == "PGPASSFILE /srv/pgpass line 2")
        let fromHome = try PostgresPassword.lookUp(for: db, passwordFile: nil, environment: ["PGPASSFILE": "", "HOME": "/h"], read: read)
        #expect(fromHome.password == "from-home")
        #expect(fromHome.source == .pgpass(path: "/h/.pgpass", viaEnvironment: false, line: 1))
        #expect(fromHome.sourceText == "~/.pgpass line 1")
        // $PGPASSFILE naming a missing file does not fall back to ~/.pgpass, as in libpq.
        let missing = try PostgresPassword.lookUp(for: db, passwordFile: nil, environment: ["PGPASSFILE": "/nope", "HOME": "/h"], read: read)
        #expect(missing.password == nil && missing.source == .none && missing.warnings.isEmpty)
    }

    @Test("no password is fine: no file, no matching line, an empty password, no home")
    func noPassword() throws {
        let none = try PostgresPassword.lookUp(for: db, passwordFile: nil, environment: ["HOME": "/h"], read: files([:]))
        #expect(none == PostgresPassword(password: nil, source: .none, warnings: []))
        #expect(none.sourceText == "none")
        let unmatched = try PostgresPassword.lookUp(for: db, passwordFile: nil, environment: ["HOME": "/h"],
                                                   read: files(["/h/.pgpass": plain("elsewhere:*:*:*:x\n")]))
        #expect(unmatched.password == nil && unmatched.sourceText == "none (no line of /h/.pgpass matches)")
        let empty = try PostgresPassword.lookUp(for: db, passwordFile: nil, environment: ["HOME": "/h"],
                                               read: files(["/h/.pgpass": plain("*:*:*:*:\n")]))
        #expect(empty.password == nil && empty.sourceText == "~/.pgpass line 1")
        #expect(try PostgresPassword.lookUp(for: db, passwordFile: nil, environment: [:], read: files([:])).source == .none)
    }

    @Test("a .pgpass others may read, or that is no plain file, is ignored with libpq's warning")
    func ignoredPgpass() throws {
        let shared = try PostgresPassword.lookUp(for: db, passwordFile: nil, environment: ["HOME": "/h"],
                                                read: files(["/h/.pgpass": plain("*:*:*:*:exposed\n", shared: true)]))
        #expect(shared.password == nil && shared.source == .none)
        #expect(shared.warnings == ["password file \"/h/.pgpass\" has group or world access; permissions should be u=rw (0600) or less; it is ignored"])
        let directory = try PostgresPassword.lookUp(for: db, passwordFile: nil, environment: ["HOME": "/h"],
                                                   read: files(["/h/.pgpass": .read(text: "", isRegularFile: false, groupOrWorldAccess: false)]))
        #expect(directory.password == nil && directory.warnings == ["password file \"/h/.pgpass\" is not a plain file"])
        let unreadable = try PostgresPassword.lookUp(for: db, passwordFile: nil, environment: ["HOME": "/h"],
                                                    read: files(["/h/.pgpass": .unreadable(reason: "Permission denied")]))
        #expect(unreadable.password == nil && unreadable.warnings == ["password file \"/h/.pgpass\" cannot be read: Permission denied"])
    }
}
