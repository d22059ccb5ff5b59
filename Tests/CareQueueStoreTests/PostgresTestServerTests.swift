import Foundation
import Testing
import TestSupport

/// The test support that gives each PostgreSQL test a database of its own.
@Suite("PostgreSQL test server",
       .enabled(if: PostgresTestServer.shouldRun, Comment(rawValue: PostgresTestServer.skipNote)))
struct PostgresTestServerTests {
    @Test func freshDatabaseIsNewEmptyAndAnswers() throws {
        let first = try PostgresTestServer.freshDatabase(prefix: "Support-Check")
        let second = try PostgresTestServer.freshDatabase(prefix: "Support-Check")
        #expect(first != second)
        #expect(first.hasPrefix("postgresql://"))
        let answer = try PostgresTestServer.psql(first, ["-At", "-c", "SELECT 1", "-c", "SELECT current_database()",
                                                       "-c", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"])
        #expect(answer.status == 0, "\(answer.stderr)")
        let lines = answer.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first == "1")
        #expect(first.hasSuffix("/" + (lines.dropFirst().first ?? "?")))
        #expect(lines.last == "0")
    }
}

@Suite("PostgreSQL test URLs")
struct PostgresTestURLTests {
    @Test func urlKeepsTheServerAndOptions() throws {
        #expect(try PostgresTestServer.url("postgresql://cq@127.0.0.1:54329/carequeue?sslmode=disable", database: "other")
                == "postgresql://cq@127.0.0.1:54329/other?sslmode=disable")
    }
}
