import CareQueueCore
import Testing
import TestSupport

@Suite("PostgreSQL URLs")
struct PostgresURLTests {
    static let valid: [Named<String, PostgresLocation>] = [
        Named("everything written out", "postgresql://carequeue@127.0.0.1:5432/carequeue",
              PostgresLocation(user: "carequeue", host: "127.0.0.1", port: 5432, database: "carequeue")),
        Named("postgres:// scheme; port and database default (5432, the user)", "postgres://cq@db.example.org",
              PostgresLocation(user: "cq", host: "db.example.org", port: 5432, database: "cq")),
        Named("an empty path is the default database", "postgresql://cq@db/", PostgresLocation(user: "cq", host: "db", database: "cq")),
        Named("the scheme in capitals", "POSTGRESQL://cq@db/queue", PostgresLocation(user: "cq", host: "db", database: "queue")),
        Named("an IPv6 address in brackets, with a port", "postgresql://cq@[::1]:6543/queue",
              PostgresLocation(user: "cq", host: "::1", port: 6543, database: "queue")),
        Named("an IPv6 address without a port", "postgresql://cq@[fe80::1]/queue",
              PostgresLocation(user: "cq", host: "fe80::1", database: "queue")),
        Named("percent-escapes in user, host and database", "postgresql://car%C3%A9%20q@db%2Dx/q%3Fx%2Fy",
              PostgresLocation(user: "caré q", host: "db-x", database: "q?x/y")),
        Named("every parameter", "postgresql://cq@db/cq?sslmode=verify-full&sslrootcert=%2Fetc%2Fcq%2Fca.pem&application_name=care%20queue&connect_timeout=10",
              PostgresLocation(user: "cq", host: "db", database: "cq", sslMode: .verifyFull, sslRootCert: "/etc/cq/ca.pem",
                               applicationName: "care queue", connectTimeout: 10)),
        Named("sslmode spelled as libpq spells it", "postgresql://cq@db/cq?sslmode=verify-ca",
              PostgresLocation(user: "cq", host: "db", sslMode: .verifyCA)),
        Named("a Unix socket directory as ?host=", "postgresql://cq@/cq?host=/var/run/postgresql",
              PostgresLocation(user: "cq", host: "/var/run/postgresql", database: "cq")),
        Named("a socket directory, escaped, with a port", "postgresql://cq@:5433/cq?host=%2Ftmp",
              PostgresLocation(user: "cq", host: "/tmp", port: 5433, database: "cq")),
        Named("an empty query", "postgresql://cq@db/cq?", PostgresLocation(user: "cq", host: "db")),
        Named("an escaped @ in the user name", "postgresql://cq%40site@db/cq", PostgresLocation(user: "cq@site", host: "db", database: "cq")),
    ]

    @Test("valid URLs", arguments: valid)
    func parses(_ row: Named<String, PostgresLocation>) throws {
        #expect(try PostgresURL.parse(row.input) == row.expected)
    }

    @Test("sslmode defaults to libpq's prefer; a socket's file is .s.PGSQL.PORT in its directory")
    func defaults() throws {
        let plain = try PostgresURL.parse("postgresql://cq@db/cq")
        #expect(plain.sslMode == .prefer)
        #expect(plain.sslRootCert == nil && plain.applicationName == nil && plain.connectTimeout == nil)
        #expect(plain.socketPath == nil)
        let socket = try PostgresURL.parse("postgresql://cq@:5433/cq?host=/var/run/postgresql")
        #expect(socket.socketDirectory == "/var/run/postgresql")
        #expect(socket.socketPath == "/var/run/postgresql/.s.PGSQL.5433")
    }

    static let passwordAdvice = "put the password in the file [store] password_file names, or in a .pgpass file ($PGPASSFILE or ~/.pgpass)"

    static let refused: [Named<String, String>] = [
        Named("a password", "postgresql://cq:s3cret@db/cq",
              "the URL holds a password (user:password@): a password never goes in the URL; \(passwordAdvice)"),
        Named("an empty password", "postgresql://cq:@db/cq",
              "the URL holds a password (user:password@): a password never goes in the URL; \(passwordAdvice)"),
        Named("a password holding a slash", "postgresql://cq:s3/cret@db/cq",
              "the URL seems to hold a password (user:password@), or an \"@\" to write as %40: a password never goes in the URL; \(passwordAdvice)"),
        Named("a password holding a question mark", "postgresql://cq:s3?cret@db/cq",
              "the URL seems to hold a password (user:password@), or an \"@\" to write as %40: a password never goes in the URL; \(passwordAdvice)"),
        Named("a password holding a hash", "postgresql://cq:s3#cret@db/cq",
              "the URL seems to hold a password (user:password@), or an \"@\" to write as %40: a password never goes in the URL; \(passwordAdvice)"),
        Named("a password as a parameter", "postgresql://cq@db/cq?password=s3cret",
              "the URL holds a password (?password=): a password never goes in the URL; \(passwordAdvice)"),
        Named("no user", "postgresql://db/cq", "the URL names no user: write it as postgresql://USER@HOST:PORT/DATABASE"),
        Named("several hosts", "postgresql://cq@db1,db2:5433/cq", "the URL names several hosts (db1,db2:5433): CareQueue connects to one; name one host"),
        Named("port zero", "postgresql://cq@db:0/cq", "the port must be a number 1–65535"),
        Named("port too large", "postgresql://cq@db:65536/cq", "the port must be a number 1–65535"),
        Named("port not a number", "postgresql://cq@db:pg/cq", "the port must be a number 1–65535"),
        Named("port with a sign", "postgresql://cq@db:+5432/cq", "the port must be a number 1–65535"),
        Named("port empty", "postgresql://cq@db:/cq", "the port must be a number 1–65535"),
        Named("an IPv6 address unclosed", "postgresql://cq@[::1/cq", "an IPv6 address in the URL lacks its closing \"]\""),
        Named("junk after an IPv6 address", "postgresql://cq@[::1]x/cq", "expected :PORT after the IPv6 address [::1]"),
        Named("brackets around a name", "postgresql://cq@[db]/cq", "[db] is not an IPv6 address"),
        Named("no host", "postgresql://cq@/cq",
              "the URL names no host: write postgresql://USER@HOST/DATABASE, or postgresql://USER@/DATABASE?host=/var/run/postgresql for a Unix socket"),
        Named("?host= naming a host rather than a socket directory", "postgresql://cq@/cq?host=db",
              "host=db must be a socket directory (an absolute path such as /var/run/postgresql); put a host name after @"),
        Named("a host and a socket directory", "postgresql://cq@db/cq?host=/tmp",
              "the URL names a host (db) and a socket directory (host=): give one"),
        Named("an sslmode libpq does not know", "postgresql://cq@db/cq?sslmode=on",
              "sslmode \"on\" is not one of disable, allow, prefer, require, verify-ca, verify-full"),
        Named("connect_timeout zero", "postgresql://cq@db/cq?connect_timeout=0",
              "connect_timeout \"0\" must be a whole number of seconds, at least 1"),
        Named("connect_timeout in words", "postgresql://cq@db/cq?connect_timeout=10s",
              "connect_timeout \"10s\" must be a whole number of seconds, at least 1"),
        Named("sslrootcert empty", "postgresql://cq@db/cq?sslrootcert=", "sslrootcert must not be empty"),
        Named("unknown parameters, each named once", "postgresql://cq@db/cq?options=-c%20x&target_session_attrs=any&options=y",
              "unknown URL parameters \"options\", \"target_session_attrs\"; valid: sslmode, sslrootcert, application_name, connect_timeout, host"),
        Named("a parameter twice", "postgresql://cq@db/cq?sslmode=require&sslmode=disable", "parameter sslmode is given twice"),
        Named("a parameter without a value", "postgresql://cq@db/cq?sslmode", "parameter sslmode has no value (write sslmode=VALUE)"),
        Named("a fragment", "postgresql://cq@db/cq#main", "a PostgreSQL URL has no #fragment"),
        Named("a slash in the database", "postgresql://cq@db/a/b",
              "the database name \"a/b\" holds a \"/\"; write it as %2F if the name really does"),
        Named("a malformed escape", "postgresql://c%zzq@db/cq", "the user name holds a bad %-escape (write %XX with two hex digits, over UTF-8)"),
        Named("an escape that is not UTF-8", "postgresql://cq@db/c%FFq", "the database name holds a bad %-escape (write %XX with two hex digits, over UTF-8)"),
        Named("another scheme", "mysql://cq@db/cq", "not a PostgreSQL URL: it must start with postgresql:// (or postgres://)"),
    ]

    @Test("refused URLs, each with what to write instead", arguments: refused)
    func refuses(_ row: Named<String, String>) {
        #expect(throws: PostgresURLError(row.expected)) { try PostgresURL.parse(row.input) }
    }

    @Test("a refusal never repeats a password", arguments: refused.filter { $0.input.contains("cret") })
    func refusalHidesPassword(_ row: Named<String, String>) throws {
        let error = try #require(throws: PostgresURLError.self) { try PostgresURL.parse(row.input) }
        #expect(!error.description.contains("cret") && !error.description.contains("s3"))
    }

    @Test("redacted: user, host, port and database, nothing else")
    func redacted() throws {
        #expect(try PostgresURL.parse("postgres://carequeue@127.0.0.1/carequeue?sslmode=require&application_name=x").redacted
            == "postgresql://carequeue@127.0.0.1:5432/carequeue")
        #expect(PostgresLocation(user: "cq", host: "::1", port: 6543).redacted == "postgresql://cq@[::1]:6543/cq")
        #expect(PostgresLocation(user: "care q", host: "db", database: "a/b?").redacted == "postgresql://care%20q@db:5432/a%2Fb%3F")
        #expect(PostgresLocation(user: "cq", host: "/var/run/postgresql").redacted == "postgresql://cq@:5432/cq?host=/var/run/postgresql")
    }

    @Test("canonical: every setting written out, and read back to the same location", arguments: valid)
    func canonicalRoundTrips(_ row: Named<String, PostgresLocation>) throws {
        let canonical = row.expected.canonical
        #expect(canonical.contains("sslmode=\(row.expected.sslMode.rawValue)"))
        #expect(try PostgresURL.parse(canonical) == row.expected, "\(canonical)")
        // The redacted form reads back too, with its parameters at their defaults.
        var plain = row.expected
        (plain.sslMode, plain.sslRootCert, plain.applicationName, plain.connectTimeout) = (.prefer, nil, nil, nil)
        #expect(try PostgresURL.parse(row.expected.redacted) == plain)
    }
}

@Suite("Store locations from --db and $CAREQUEUE_DB")
struct StoreLocationTests {
    @Test("a path is SQLite, a postgresql:// URL PostgreSQL, another scheme refused")
    func parse() throws {
        #expect(try StoreLocation.parse("/var/lib/cq/carequeue.sqlite") == .sqlite(path: "/var/lib/cq/carequeue.sqlite"))
        #expect(try StoreLocation.parse("relative/q.sqlite") == .sqlite(path: "relative/q.sqlite"))
        #expect(try StoreLocation.parse("odd:name.sqlite") == .sqlite(path: "odd:name.sqlite"), "a colon alone is no scheme")
        #expect(try StoreLocation.parse("postgres://cq@db/cq") == .postgres(PostgresLocation(user: "cq", host: "db")))
        #expect(throws: PostgresURLError("mysql:// is not a store CareQueue opens: give a SQLite file path or a postgresql:// URL")) {
            try StoreLocation.parse("mysql://cq@db/cq")
        }
        #expect(throws: PostgresURLError("sqlite:// is not a store CareQueue opens: give a SQLite file path or a postgresql:// URL")) {
            try StoreLocation.parse("sqlite:///var/lib/cq.sqlite")
        }
        #expect(throws: PostgresURLError.self) { try StoreLocation.parse("postgresql://cq:pw@db/cq") }
    }

    @Test("described as the path or the redacted URL")
    func description() throws {
        #expect(StoreLocation.sqlite(path: "/q.sqlite").description == "/q.sqlite")
        #expect(try StoreLocation.parse("postgresql://cq@db/cq?sslmode=disable").description == "postgresql://cq@db:5432/cq")
    }
}
